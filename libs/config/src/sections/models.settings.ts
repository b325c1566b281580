import { IsBoolean } from 'class-validator';

/**
 * `settings/models.yml`: which model frameworks the application uses (the seed's sqlmodel/pydantic switches,
 * in their TypeScript counterparts).
 */
export class ModelsSettings {
  /** TypeORM entities for the sql adapter. @default true */
  @IsBoolean()
  typeorm: boolean = true;

  /** class-validator/class-transformer classes for validation. @default true */
  @IsBoolean()
  classValidator: boolean = true;
}
