/**
 * Events benchmarks (suite `events`), a plain node script (bench/harness.ts):
 * - emit-to-all-handlers-done throughput of EventPublisher (local transport) vs raw EventEmitter2 `emitAsync` and vs
 *   @nestjs/event-emitter `@OnEvent` listeners, same three async handlers, interleaved rounds of 10,000 emits:
 *   each emit awaited alone (concurrency 1), and 10, 100 and 500 emits in flight at once;
 * - the same local emits in an app that also imports EventEmitterModule (the @nestjs/event-emitter bridge on, no
 *   @OnEvent listener) vs without it: the interop costs nothing measurable when unused;
 * - redis transport end-to-end latency (emit in this process -> handler in a child process), p50 and p99.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Injectable, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import Redis from 'ioredis';
import { AcbEventsModule, EventPublisher, OnAcbEvent } from '@acb/events';
import { EventsChild } from '../libs/events/test/fixtures/child-process';
import { compare, percentile, quietLogger, record, report, servers, throughput, withConcurrency, type BenchResult } from './harness';

const EMITS = 10_000;
const ROUNDS = 9;
const LATENCY_SAMPLES = 400;

/** The work every variant's three handlers do: touch the payload and yield once, as an async handler would. */
const counters = { a: 0, b: 0, c: 0 };
async function work(key: keyof typeof counters, payload: { n: number }): Promise<void> {
  counters[key] += payload.n;
  await Promise.resolve();
}

@Injectable()
class AcbHandlers {
  @OnAcbEvent('order.placed') a(payload: { n: number }) { return work('a', payload); }
  @OnAcbEvent('order.placed') b(payload: { n: number }) { return work('b', payload); }
  @OnAcbEvent('order.*') c(payload: { n: number }) { return work('c', payload); }
}

@Injectable()
class NestHandlers {
  @OnEvent('order.placed') a(payload: { n: number }) { return work('a', payload); }
  @OnEvent('order.placed') b(payload: { n: number }) { return work('b', payload); }
  @OnEvent('order.*') c(payload: { n: number }) { return work('c', payload); }
}

const CONCURRENCIES = [1, 10, 100, 500];

/** An application context the way a Nest user builds one. */
async function nestContext(imports: DynamicModule[], providers: Array<new (...args: never[]) => unknown>): Promise<INestApplicationContext> {
  @Module({ imports, providers })
  class BenchModule {}
  const context = await NestFactory.createApplicationContext(BenchModule, { logger: quietLogger });
  await context.init();
  return context;
}

async function localRows(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const ours = await nestContext([AcbEventsModule.forRoot({ transport: 'local' })], [AcbHandlers]);
  const nest = await nestContext([EventEmitterModule.forRoot({ wildcard: true })], [NestHandlers]);
  // The same ACB app in an app that also has EventEmitterModule (the bridge to @OnEvent on, no @OnEvent listener).
  const beside = await nestContext([EventEmitterModule.forRoot({ wildcard: true }), AcbEventsModule.forRoot({ transport: 'local' })], [AcbHandlers]);
  const publisher = ours.get(EventPublisher);
  const nestEmitter = nest.get(EventEmitter2);
  const raw = new EventEmitter2({ wildcard: true, delimiter: '.', maxListeners: 0 });
  raw.on('order.placed', (payload: { n: number }) => work('a', payload));
  raw.on('order.placed', (payload: { n: number }) => work('b', payload));
  raw.on('order.*', (payload: { n: number }) => work('c', payload));
  try {
    const sanity = await publisher.emit('order.placed', { n: 1 });
    const statuses = sanity.handlers.map((h) => h.status).join(',');
    if (statuses !== 'succeeded,succeeded,succeeded') throw new Error(`events bench: three handlers expected, got ${statuses}`);
    for (const concurrency of CONCURRENCIES) {
      const label = concurrency === 1 ? 'each emit awaited' : `${concurrency} emits in flight`;
      const run = (emit: (n: number) => Promise<unknown>) => () =>
        throughput(EMITS, () =>
          concurrency === 1
            ? (async () => {
                for (let n = 0; n < EMITS; n += 1) await emit(n);
              })()
            : withConcurrency(EMITS, concurrency, emit),
        );
      const runOurs = run((n) => publisher.emit('order.placed', { n }));
      results.push(
        await compare({
          name: `local emit throughput (${label})`,
          unit: 'ops/s',
          goal: '>= 0.5',
          baselineName: 'EventEmitter2 emitAsync',
          rounds: ROUNDS,
          ours: runOurs,
          baseline: run((n) => raw.emitAsync('order.placed', { n })),
        }),
        await compare({
          name: `local emit throughput (${label})`,
          unit: 'ops/s',
          goal: '>= 0.9',
          baselineName: '@nestjs/event-emitter @OnEvent',
          rounds: ROUNDS,
          ours: runOurs,
          baseline: run((n) => nestEmitter.emitAsync('order.placed', { n })),
        }),
      );
    }
    const besidePublisher = beside.get(EventPublisher);
    results.push(
      await compare({
        name: 'local emit throughput (100 emits in flight), EventEmitterModule beside (bridge on, no @OnEvent listener)',
        unit: 'ops/s',
        goal: '>= 0.9',
        baselineName: 'the same ACB app without EventEmitterModule',
        rounds: ROUNDS,
        ours: () => throughput(EMITS, () => withConcurrency(EMITS, 100, (n) => besidePublisher.emit('order.placed', { n }))),
        baseline: () => throughput(EMITS, () => withConcurrency(EMITS, 100, (n) => publisher.emit('order.placed', { n }))),
      }),
    );
  } finally {
    await ours.close();
    await nest.close();
    await beside.close();
  }
  return results;
}

async function redisRows(url: string): Promise<BenchResult[]> {
  const streamPrefix = `acb-bench:events:${randomUUID().slice(0, 8)}`;
  const child = await EventsChild.start([url, streamPrefix, 'bench-consumer', 'record']);
  const emitter = await nestContext([AcbEventsModule.forRoot({ transport: 'redis', appName: 'bench-producer', redis: { url, streamPrefix } })], []);
  const publisher = emitter.get(EventPublisher);
  const latencies: number[] = [];
  try {
    for (let n = 0; n < LATENCY_SAMPLES + 50; n += 1) {
      const sentAt = performance.timeOrigin + performance.now();
      const { eventId } = await publisher.emit('order.placed', { n, sentAt });
      const message = await child.waitFor((m) => m.id === eventId, 10_000);
      if (n >= 50) latencies.push((message.receivedAt as number) - sentAt);
    }
  } finally {
    await child.stop();
    await emitter.close();
    const redis = new Redis(url);
    const keys = await redis.keys(`${streamPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  return [
    record('redis end-to-end latency p50 (2 processes)', 'ms', percentile(latencies, 50), '<= 2', latencies.length),
    record('redis end-to-end latency p99 (2 processes)', 'ms', percentile(latencies, 99), '<= 20', latencies.length),
  ];
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  const results: BenchResult[] = [];
  if (only !== 'redis') results.push(...(await localRows()));
  const urls = only === 'local' ? undefined : servers('events', ['redis']);
  if (urls) results.push(...(await redisRows(urls.redis)));
  report('events', results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
