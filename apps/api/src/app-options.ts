import { type DynamicModule, Global, Module } from '@nestjs/common';

/** Choices of the sample product besides the ACB options (`AppModule.forRoot(options, app)`). */
export interface AppOptions {
  /** Seed a demo user and posts at start when the database has no demo user (`npm start` does). @default false */
  demo?: boolean;
  /** Delay of the `send_shipping_update` task after an order, in seconds. @default 60 */
  shippingUpdateDelaySeconds?: number;
}

/** Injection token of the resolved AppOptions. */
export const APP_OPTIONS = Symbol('acb:app-options');

/** Makes the AppOptions injectable everywhere in the application. */
@Global()
@Module({})
export class AppOptionsModule {
  static forRoot(options: AppOptions): DynamicModule {
    return { module: AppOptionsModule, providers: [{ provide: APP_OPTIONS, useValue: options }], exports: [APP_OPTIONS] };
  }
}

/**
 * AppOptions of `main.ts`: the demo data unless `ACB_DEMO=0`; `ACB_SHIPPING_UPDATE_DELAY` (seconds) for the shipping
 * mail (the load tests shorten it). @throws Error for a delay that is not a number >= 0.
 */
export function appOptionsFromEnv(env: NodeJS.ProcessEnv): AppOptions {
  const delay = env.ACB_SHIPPING_UPDATE_DELAY;
  if (delay !== undefined && !(Number(delay) >= 0)) throw new Error(`ACB_SHIPPING_UPDATE_DELAY must be a number of seconds >= 0, got ${JSON.stringify(delay)}`);
  return { demo: env.ACB_DEMO !== '0', ...(delay !== undefined ? { shippingUpdateDelaySeconds: Number(delay) } : {}) };
}
