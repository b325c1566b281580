import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './user.entity';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';
import { UserStatsListener } from './user-stats.listener';
import { UsersController } from './users.controller';
import { UsersTableInitializer } from './users-table.initializer';

/**
 * The users feature: entity (on the sql adapter's TypeORM connection), repository, service, `user.created`
 * listener, HTTP routes, and the table created at start. Needs AcbModule (global) in the application.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersTableInitializer, UserRepository, UserService, UserStatsListener],
  exports: [UserService],
})
export class UsersModule {}
