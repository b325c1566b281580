import { type INestApplicationContext, type Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AcbEventsModule, type AcbEventsModuleOptions } from '../src';

/** Builds and initialises an application context with AcbEventsModule and the given providers. */
export async function createEventsApp(
  options: AcbEventsModuleOptions = {},
  providers: Provider[] = [],
): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [AcbEventsModule.forRoot({ backoff: { jitter: 0 }, ...options })],
    providers,
  })
    .setLogger(silentLogger)
    .compile();
  await moduleRef.init();
  return moduleRef;
}

/** A logger that keeps tests quiet; spy on it to assert messages. */
export const silentLogger = {
  log: jest.fn(),
  error: jest.fn(),
  warn: jest.fn(),
  debug: jest.fn(),
  verbose: jest.fn(),
  fatal: jest.fn(),
};

/** A promise with its resolve/reject exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
