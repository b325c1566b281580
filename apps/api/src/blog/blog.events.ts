/** Events and tasks of the blog (the seed's BlogService). */
export const POST_PUBLISHED = 'post.published';
export const PAGE_VIEWED = 'page.viewed';

export interface PostPublishedPayload {
  postId: number;
  authorId: number;
}

export interface PageViewedPayload {
  path: string;
  postId?: number;
  at: string;
}
