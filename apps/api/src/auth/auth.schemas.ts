import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const email = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** `POST /register`, `POST /api/auth/register`. Unknown fields are rejected. */
export class RegisterSchema {
  @Transform(email)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(/^[^<>]*$/, { message: 'name must not contain < or >' })
  name!: string;

  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;
}

/** `POST /login`, `POST /api/auth/login`. */
export class LoginSchema {
  @Transform(email)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;

  /** Where the login page sends the user afterwards (a local path only). */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  next?: string;
}
