import type { INestApplicationContext, Type } from '@nestjs/common';

/** Anything to resolve providers from: a `TestingModule`, an application, a `TestEnvironment`. */
export type ApplicationLike = Pick<INestApplicationContext, 'get'>;

/** The provider, or undefined when the application does not have it. */
export function findProvider<T>(app: ApplicationLike, token: Type<T>): T | undefined {
  try {
    return app.get(token, { strict: false });
  } catch {
    return undefined;
  }
}
