import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Largest page `GET /users?limit=` accepts. */
export const MAX_PAGE_SIZE = 100;

/** The query of `GET /users`: `?page=1&limit=20`. */
export class ListUsersQuery {
  /** @default 1 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  /** @default 20 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 20;
}
