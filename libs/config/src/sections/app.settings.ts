import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';

/** `settings/app.yml`: who the application is and where it listens. */
export class AppSettings {
  /** @default 'acb-app' */
  @IsNotEmpty()
  @IsString()
  name: string = 'acb-app';

  /** @default '0.1.0' */
  @IsNotEmpty()
  @IsString()
  version: string = '0.1.0';

  /** Free text such as `development`, `test`, `production`. @default 'development' */
  @IsNotEmpty()
  @IsString()
  environment: string = 'development';

  /** Interface the HTTP server binds. @default '127.0.0.1' */
  @IsNotEmpty()
  @IsString()
  host: string = '127.0.0.1';

  /** HTTP port (0 asks the OS for a free one). @default 3000 */
  @Max(65535)
  @Min(0)
  @IsInt()
  port: number = 3000;
}
