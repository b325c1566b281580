import { StorageAdapter } from '@acb/adapters';
import { Queue } from '@acb/queues';
import { ServiceValidationError, UnitOfWork, ValidationService } from '@acb/services';
import { WorkflowAction, type WorkflowActionContext, type WorkflowDefinitionInit } from '@acb/workflows';
import { Injectable } from '@nestjs/common';
import { SAMPLE_TASKS } from '../tasks/sample-tasks';
import { PRODUCT_TASKS } from '../../../worker/src/product/product-task-names';
import { ImportPostsSchema } from './blog.schemas';
import { BlogMessages } from './blog.messages';
import { BlogService } from './blog.service';
import { Post } from './post.entity';
import { PostRepository } from './post.repository';

export const IMPORT_POSTS_WORKFLOW = 'import-posts';

/** The seed's `import-posts` workflow: validate → backup → import → reindex → notify. */
export const importPostsWorkflow: WorkflowDefinitionInit = {
  workflowId: IMPORT_POSTS_WORKFLOW,
  name: 'Import posts',
  steps: [
    { stepId: 'validate', name: 'Validate import data', action: 'validate_import_data', params: { posts: '${posts}' } },
    { stepId: 'backup', name: 'Back up posts', action: 'backup_database', dependsOn: ['validate'] },
    { stepId: 'import', name: 'Import posts', action: 'import_posts_batch', params: { posts: '${posts}', author_id: '${author_id}', author_name: '${author_name}' }, dependsOn: ['backup'] },
    { stepId: 'reindex', name: 'Update search index', action: 'update_search_index', params: { post_ids: '${steps.import.output.post_ids}' }, dependsOn: ['import'] },
    { stepId: 'notify', name: 'Send completion email', action: 'send_completion_email', params: { recipient: '${author_email}', count: '${steps.import.output.count}' }, dependsOn: ['reindex'] },
  ],
};

/** Input of an `import-posts` run. */
export interface ImportPostsInput extends Record<string, unknown> {
  posts: Array<{ title: string; body: string }>;
  author_id: number;
  author_name: string;
  author_email: string;
}

/** The actions of `import-posts`. */
@Injectable()
export class ImportPostsActions {
  constructor(
    private readonly validation: ValidationService,
    private readonly storage: StorageAdapter,
    private readonly posts: PostRepository,
    private readonly uow: UnitOfWork,
    private readonly blog: BlogService,
    private readonly queue: Queue,
  ) {}

  @WorkflowAction('validate_import_data')
  async validate(params: { posts: unknown }): Promise<{ count: number }> {
    const result = await this.validation.validate({ posts: params.posts }, ImportPostsSchema, { forbidNonWhitelisted: true });
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    return { count: (result.value as ImportPostsSchema).posts.length };
  }

  /** Writes every post as JSON to the storage adapter (`backups/posts-<runId>.json`). */
  @WorkflowAction('backup_database')
  async backup(_params: unknown, ctx: WorkflowActionContext): Promise<{ path: string; posts: number }> {
    const all = await this.posts.findAll({}, { id: 'ASC' });
    const path = `backups/posts-${ctx.runId}.json`;
    await this.storage.write(path, JSON.stringify(all));
    return { path, posts: all.length };
  }

  /** Stores the posts in one transaction (bodies sanitized); the reindex step queues their search indexing. */
  @WorkflowAction('import_posts_batch')
  async import(params: { posts: Array<{ title: string; body: string }>; author_id: number; author_name: string }): Promise<{ post_ids: number[]; count: number }> {
    const inputs = await Promise.all(params.posts.map((post) => this.blog.validPost(post)));
    const created = await this.uow.run(async (uow) => {
      const repository = uow.getRepository(PostRepository);
      const out: Post[] = [];
      for (const input of inputs) {
        out.push(await repository.create({ title: input.title, bodyHtml: this.validation.sanitizeHtml(input.body), authorId: params.author_id, authorName: params.author_name, createdAt: new Date().toISOString() }));
      }
      return out;
    });
    return { post_ids: created.map((post) => post.id), count: created.length };
  }

  @WorkflowAction('update_search_index')
  async reindex(params: { post_ids: number[] }): Promise<{ queued: number }> {
    for (const postId of params.post_ids) await this.queue.enqueue(PRODUCT_TASKS.updateSearchIndex, { postId });
    return { queued: params.post_ids.length };
  }

  @WorkflowAction('send_completion_email')
  async notify(params: { recipient: string; count: number }): Promise<{ taskId: string }> {
    const task = await this.queue.enqueue(SAMPLE_TASKS.sendEmail, { recipient: params.recipient, subject: BlogMessages.importFinishedSubject, body: BlogMessages.importFinishedBody(params.count) });
    return { taskId: task.id };
  }
}
