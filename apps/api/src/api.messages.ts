/** Messages of the sample API's bootstrap. */
export const ApiMessages = {
  listening: (url: string): string => `API listening on ${url}`,
  invalidPort: (value: string): string => `PORT must be an integer from 0 to 65535, got ${JSON.stringify(value)}`,
};
