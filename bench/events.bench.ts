/**
 * Events benchmarks (suite `events`):
 * - emit-to-all-handlers-done throughput of EventPublisher (local transport) vs raw EventEmitter2 `emitAsync`
 *   and vs @nestjs/event-emitter `@OnEvent` listeners, same three async handlers, interleaved rounds;
 * - redis transport end-to-end latency (emit in this process -> handler in a child process), p50 and p99.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { AcbEventsModule, EventPublisher, OnAcbEvent } from '@acb/events';
import { EventsChild } from '../libs/events/test/fixtures/child-process';
import { describeWithServer } from '../test/servers';
import { compare, percentile, record, report, throughput, type BenchResult } from './harness';

const EMITS = 10_000;
const ROUNDS = 15;
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

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, verbose: () => undefined };

async function nestContext(imports: any[], providers: any[]): Promise<INestApplicationContext> {
  const ref = await Test.createTestingModule({ imports, providers }).setLogger(quiet).compile();
  await ref.init();
  return ref;
}

describe('events benchmarks', () => {
  const results: BenchResult[] = [];

  afterAll(() => report('events', results));

  it('local emit-to-all-handlers-done throughput vs EventEmitter2 and @nestjs/event-emitter', async () => {
    const ours = await nestContext([AcbEventsModule.forRoot({ transport: 'local' })], [AcbHandlers]);
    const nest = await nestContext([EventEmitterModule.forRoot({ wildcard: true })], [NestHandlers]);
    const publisher = ours.get(EventPublisher);
    const nestEmitter = nest.get(EventEmitter2);
    const raw = new EventEmitter2({ wildcard: true, delimiter: '.', maxListeners: 0 });
    raw.on('order.placed', (payload: { n: number }) => work('a', payload));
    raw.on('order.placed', (payload: { n: number }) => work('b', payload));
    raw.on('order.*', (payload: { n: number }) => work('c', payload));

    const runOurs = () =>
      throughput(EMITS, async () => {
        for (let n = 0; n < EMITS; n += 1) await publisher.emit('order.placed', { n });
      });
    const runRaw = () =>
      throughput(EMITS, async () => {
        for (let n = 0; n < EMITS; n += 1) await raw.emitAsync('order.placed', { n });
      });
    const runNest = () =>
      throughput(EMITS, async () => {
        for (let n = 0; n < EMITS; n += 1) await nestEmitter.emitAsync('order.placed', { n });
      });
    const sanity = await publisher.emit('order.placed', { n: 1 });
    expect(sanity.handlers.map((h) => h.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);

    results.push(
      await compare({ name: 'local emit throughput', unit: 'ops/s', goal: '>= 0.5', baselineName: 'EventEmitter2 emitAsync', rounds: ROUNDS, ours: runOurs, baseline: runRaw }),
      await compare({ name: 'local emit throughput', unit: 'ops/s', goal: '>= 0.9', baselineName: '@nestjs/event-emitter @OnEvent', rounds: ROUNDS, ours: runOurs, baseline: runNest }),
    );
    await ours.close();
    await nest.close();
    for (const result of results) {
      expect(Number.isFinite(result.ours)).toBe(true);
      expect(Number.isFinite(result.ratio)).toBe(true);
    }
  });

  describeWithServer('redis', 'redis transport', (url) => {
  it('end-to-end latency between two processes', async () => {
    const streamPrefix = `acb-bench:events:${randomUUID().slice(0, 8)}`;
    const child = await EventsChild.start([url, streamPrefix, 'bench-consumer', 'record']);
    const emitter = await nestContext(
      [AcbEventsModule.forRoot({ transport: 'redis', appName: 'bench-producer', redis: { url, streamPrefix } })],
      [],
    );
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
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    results.push(
      record('redis end-to-end latency p50 (2 processes)', 'ms', p50, '<= 2', latencies.length),
      record('redis end-to-end latency p99 (2 processes)', 'ms', p99, '<= 20', latencies.length),
    );
    expect(Number.isFinite(p50)).toBe(true);
    expect(Number.isFinite(p99)).toBe(true);
  });
  });
});
