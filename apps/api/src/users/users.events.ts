/** Name of the event emitted after a user is stored. */
export const USER_CREATED = 'user.created';

/** Payload of `user.created`. */
export interface UserCreatedPayload {
  userId: number;
  email: string;
}
