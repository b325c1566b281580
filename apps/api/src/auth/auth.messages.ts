/** Messages of the accounts feature. */
export const AuthMessages = {
  invalidCredentials: 'Invalid email or password',
  tooManyAttempts: (retryAfterSeconds: number): string => `Too many failed log-ins; try again in ${retryAfterSeconds} s`,
  invalidForm: 'Please correct the fields below.',
  loginFormIncomplete: 'Enter your email and password.',
};
