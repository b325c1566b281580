import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { AuthModule } from '../auth/auth.module';
import { BlogModule } from '../blog/blog.module';
import { BlogService } from '../blog/blog.service';
import { UserRepository } from '../users/user.repository';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '../users/user.entity';

/** The demo account `npm start` creates (shown on the home page). */
export const DEMO_USER = { email: 'demo@example.com', name: 'Demo User', password: 'demo-password' };

const DEMO_POSTS = [
  { title: 'Welcome to ACB Blocks', body: '<p>This site is rendered by <strong>NestJS</strong> with Handlebars, and updated by <em>htmx</em>.</p>' },
  { title: 'How an order is fulfilled', body: '<p>Placing an order starts the <code>order-fulfillment</code> workflow: validate, charge, ship, notify.</p>' },
  { title: 'Tasks and events', body: '<p>Publishing a post emits <code>post.published</code> and queues the sitemap, notifications and search index tasks.</p>' },
];

/** Seeds the demo user and posts once (when no demo user exists), after the migrations created the tables. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    private readonly users: UserRepository,
    private readonly auth: AuthService,
    private readonly blog: BlogService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.findByEmail(DEMO_USER.email)) return;
    const user = await this.auth.register(DEMO_USER);
    for (const post of DEMO_POSTS) await this.blog.publish(user, post);
    this.logger.log(`Demo data seeded: ${DEMO_USER.email} / ${DEMO_USER.password} and ${DEMO_POSTS.length} posts`);
  }
}

/** `AppModule.forRoot(options, { demo: true })`: the demo account and posts. */
@Module({ imports: [AuthModule, BlogModule, TypeOrmModule.forFeature([User])], providers: [UserRepository, DemoSeeder] })
export class DemoModule {}
