import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { AuthApiController } from './auth-api.controller';
import { AuthPagesController } from './auth-pages.controller';
import { AuthService } from './auth.service';
import { UserCredential } from './user-credential.entity';

/** Accounts: register, log in, log out (pages and `/api/auth`), credentials table from migration 002. */
@Module({
  imports: [TypeOrmModule.forFeature([User, UserCredential])],
  controllers: [AuthPagesController, AuthApiController],
  providers: [UserRepository, AuthService],
  exports: [AuthService],
})
export class AuthModule {}
