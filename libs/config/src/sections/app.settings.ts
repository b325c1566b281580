import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';

/** `settings/app.yml`: who the application is and where it listens. */
export class AppSettings {
  /** @default 'acb-app' */
  @IsString()
  @IsNotEmpty()
  name: string = 'acb-app';

  /** @default '0.1.0' */
  @IsString()
  @IsNotEmpty()
  version: string = '0.1.0';

  /** Free text such as `development`, `test`, `production`. @default 'development' */
  @IsString()
  @IsNotEmpty()
  environment: string = 'development';

  /** Interface the HTTP server binds. @default '127.0.0.1' */
  @IsString()
  @IsNotEmpty()
  host: string = '127.0.0.1';

  /** HTTP port (0 asks the OS for a free one). @default 3000 */
  @IsInt()
  @Min(0)
  @Max(65535)
  port: number = 3000;
}
