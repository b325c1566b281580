import type { Page } from '@acb/services';
import { WorkflowService } from '@acb/workflows';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Query, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthGuard } from '../web/auth.guards';
import { WebExceptionFilter } from '../web/web-exception.filter';
import type { WebRequest } from '../web/web-request';
import { BlogService } from './blog.service';
import { IMPORT_POSTS_WORKFLOW, type ImportPostsInput } from './import-posts.workflow';
import type { Post as BlogPost } from './post.entity';

/** The blog as JSON: `/api/posts`. Writes need a session (and its `x-csrf-token`). */
@ApiTags('posts')
@UseFilters(WebExceptionFilter)
@Controller('api/posts')
export class BlogApiController {
  constructor(
    private readonly blog: BlogService,
    private readonly workflows: WorkflowService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Posts, newest first (?page=)' })
  list(@Query() query: Record<string, unknown>): Promise<Page<BlogPost>> {
    return this.blog.list(query);
  }

  @Post()
  @UseGuards(ApiAuthGuard)
  @ApiOperation({ summary: 'Publish a post ({ title, body }); the body is sanitized HTML' })
  publish(@Req() req: WebRequest, @Body() body: unknown): Promise<BlogPost> {
    return this.blog.publish(req.acbSession!.user!, body);
  }

  @Post('import')
  @UseGuards(ApiAuthGuard)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start the import-posts workflow ({ posts: [{ title, body }] }); answers its run id' })
  async import(@Req() req: WebRequest, @Body() body: unknown): Promise<{ runId: string }> {
    const user = req.acbSession!.user!;
    const input: ImportPostsInput = { posts: await this.blog.validImport(body), author_id: user.id, author_name: user.name, author_email: user.email };
    const { runId } = await this.workflows.start(IMPORT_POSTS_WORKFLOW, input);
    return { runId };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One post (a cached read)' })
  get(@Param('id', ParseIntPipe) id: number): Promise<BlogPost> {
    return this.blog.get(id);
  }
}
