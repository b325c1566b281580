import type { MigrationClass } from '@acb/migrations';
import { CreateUsersTable } from './001-create-users';
import { CreateUserCredentials } from './002-create-user-credentials';
import { CreatePosts } from './003-create-posts';
import { CreateOrders } from './004-create-orders';

/** The sample API's migrations, in one list for `AcbMigrationsModule.forFeature` (UsersModule) and the CLI. */
export const API_MIGRATIONS: MigrationClass[] = [CreateUsersTable, CreateUserCredentials, CreatePosts, CreateOrders];
