/** Messages of the users feature. */
export const UsersMessages = {
  duplicateEmail: (email: string): string => `A user with email ${email} already exists`,
  notFound: (id: string): string => `User ${id} not found`,
  invalidId: (id: string): string => `User id must be a positive integer, got ${JSON.stringify(id)}`,
  welcomeSubject: (name: string): string => `Welcome, ${name}`,
  welcomeBody: (name: string): string => `Hello ${name}, your account is ready.`,
  userCreated: (userId: number, taskId: string): string => `User ${userId} created; welcome mail task ${taskId}`,
  audit: 'user audit',
};
