import type { MigrationClass } from '@acb/migrations';
import { CreateUsersTable } from './001-create-users';

/** The sample API's migrations, in one list for `AcbMigrationsModule.forFeature` (UsersModule) and the CLI. */
export const API_MIGRATIONS: MigrationClass[] = [CreateUsersTable];
