import { AcbMigrationsModule } from '@acb/migrations';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './user.entity';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';
import { UserStatsListener } from './user-stats.listener';
import { UsersController } from './users.controller';
import { API_MIGRATIONS } from '../migrations';

/**
 * The users feature: entity (on the sql adapter's TypeORM connection), repository, service, `user.created`
 * listener, HTTP routes, and the table's migration (apps/api/src/migrations), applied at start. Needs AcbModule (global) in the application.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User]), AcbMigrationsModule.forFeature(API_MIGRATIONS)],
  controllers: [UsersController],
  providers: [UserRepository, UserService, UserStatsListener],
  exports: [UserService],
})
export class UsersModule {}
