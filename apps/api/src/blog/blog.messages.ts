/** Messages of the blog feature. */
export const BlogMessages = {
  importNeedsArray: 'Paste a JSON array of { "title", "body" } objects.',
  importFinishedSubject: 'Import finished',
  importFinishedBody: (count: number): string => `${count} posts imported.`,
};
