import type { Page } from '@acb/services';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { User } from './user.entity';
import { type CreatedUser, UserService } from './user.service';
import { type UserAuditEntry, UserStatsListener } from './user-stats.listener';

/**
 * `POST /users`, `GET /users?page=&limit=`, `GET /users/:id`, `GET /users/stats`, `GET /users/audit`.
 * Service errors become HTTP answers through the global `ServiceErrorFilter` (400 with the fields, 404, 409).
 */
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UserService,
    private readonly stats: UserStatsListener,
  ) {}

  /** 201 with the user and the id of its welcome mail task. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  create(@Body() body: unknown): Promise<CreatedUser> {
    return this.users.createUser(body);
  }

  /** `{ items, total, page, limit }`, ordered by id. */
  @Get()
  list(@Query() query: Record<string, unknown>): Promise<Page<User>> {
    return this.users.listUsers(query);
  }

  /** `{ count }` from the cache, refreshed after each `user.created`. */
  @Get('stats')
  async count(): Promise<{ count: number }> {
    return { count: await this.users.countUsers() };
  }

  /** The audit lines the `user.created` listener wrote in this process. */
  @Get('audit')
  audit(): UserAuditEntry[] {
    return this.stats.entries();
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<User> {
    return this.users.getUser(id);
  }
}
