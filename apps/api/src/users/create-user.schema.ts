import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsPlainEmail, IsPlainText } from '../validation/plain-text.decorators';

/**
 * The body of `POST /users` (the seed's `CreateUserSchema`). Unknown fields are dropped. Both fields are plain text:
 * markup and control characters are refused with a 400 naming the field (see validation/plain-text.decorators.ts).
 */
export class CreateUserSchema {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsPlainEmail()
  @MaxLength(320)
  email!: string;

  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsPlainText()
  @MinLength(2)
  @MaxLength(200)
  name!: string;
}
