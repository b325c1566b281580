import { ServiceValidationError } from '@acb/services';
import { WorkflowService } from '@acb/workflows';
import { Body, Controller, Get, HttpStatus, Param, ParseIntPipe, Post, Query, Render, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PageAuthGuard } from '../web/auth.guards';
import { echo, fieldMessages, page } from '../web/page';
import { WebExceptionFilter } from '../web/web-exception.filter';
import type { WebRequest, WebResponse } from '../web/web-request';
import { BlogService } from './blog.service';
import { BlogMessages } from './blog.messages';
import { IMPORT_POSTS_WORKFLOW, type ImportPostsInput } from './import-posts.workflow';

/** The blog pages: home, list, read, write, import. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller()
export class BlogPagesController {
  constructor(
    private readonly blog: BlogService,
    private readonly workflows: WorkflowService,
  ) {}

  @Get()
  @Render('home')
  async home(@Req() req: WebRequest): Promise<Record<string, unknown>> {
    return page(req, 'Home', { posts: (await this.blog.list({})).items.slice(0, 5) });
  }

  @Get('posts')
  @Render('posts')
  async list(@Req() req: WebRequest, @Query() query: Record<string, unknown>): Promise<Record<string, unknown>> {
    const result = await this.blog.list(query);
    const pages = Math.max(1, Math.ceil(result.total / result.limit));
    return page(req, 'Posts', { ...result, previous: result.page > 1 ? result.page - 1 : undefined, nextPage: result.page < pages ? result.page + 1 : undefined });
  }

  @Get('posts/new')
  @UseGuards(PageAuthGuard)
  @Render('post-new')
  newPost(@Req() req: WebRequest): Record<string, unknown> {
    return page(req, 'Write a post', { values: {} });
  }

  @Post('posts')
  @UseGuards(PageAuthGuard)
  async publish(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: unknown): Promise<void> {
    try {
      const post = await this.blog.publish(req.acbSession!.user!, body);
      res.redirect(HttpStatus.SEE_OTHER, `/posts/${post.id}`);
    } catch (error) {
      if (!(error instanceof ServiceValidationError)) throw error;
      res.status(HttpStatus.BAD_REQUEST).render('post-new', page(req, 'Write a post', { values: echo(body, ['title', 'body']), fields: fieldMessages(error.errors) }));
    }
  }

  @Get('posts/import')
  @UseGuards(PageAuthGuard)
  @Render('post-import')
  importForm(@Req() req: WebRequest): Record<string, unknown> {
    return page(req, 'Import posts', { example: JSON.stringify([{ title: 'Imported post', body: '<p>Hello</p>' }], null, 2) });
  }

  /** Starts the `import-posts` workflow with the pasted JSON array and shows its run. */
  @Post('posts/import')
  @UseGuards(PageAuthGuard)
  async import(@Req() req: WebRequest, @Res() res: WebResponse, @Body() body: Record<string, unknown>): Promise<void> {
    let posts: unknown;
    try {
      posts = JSON.parse(String(body?.posts ?? ''));
    } catch {
      posts = undefined;
    }
    if (!Array.isArray(posts)) {
      res.status(HttpStatus.BAD_REQUEST).render('post-import', page(req, 'Import posts', { example: String(body?.posts ?? ''), message: BlogMessages.importNeedsArray }));
      return;
    }
    const user = req.acbSession!.user!;
    const input: ImportPostsInput = { posts: posts as ImportPostsInput['posts'], author_id: user.id, author_name: user.name, author_email: user.email };
    const { runId } = await this.workflows.start(IMPORT_POSTS_WORKFLOW, input);
    res.redirect(HttpStatus.SEE_OTHER, `/operations/runs/${runId}`);
  }

  @Get('posts/:id')
  @Render('post')
  async read(@Req() req: WebRequest, @Param('id', ParseIntPipe) id: number): Promise<Record<string, unknown>> {
    const post = await this.blog.get(id);
    const path = `/posts/${id}`;
    await this.blog.viewed(path, id);
    return page(req, post.title, { post, views: await this.blog.views(path) });
  }
}
