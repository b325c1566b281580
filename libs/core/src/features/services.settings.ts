import { IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';

/** `settings/services.yml`: the services layer's settings. */
export class ServicesSettings {
  /** Service names not to register nor start. @default [] */
  @IsOptional() @IsArray() @IsString({ each: true }) disabled?: string[];
  /** Cache repository reads in the cache adapter (default TTLs). @default false */
  @IsOptional() @IsBoolean() repositoryCache?: boolean;
}
