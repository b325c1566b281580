/** A worker process of queue-crash.int-spec.ts: runs workflow steps from the queue until killed. */
import * as fs from 'node:fs';
import { Queue } from '@acb/queues';
import { queueApplication } from './queue-app';

const counter = process.env.WF_COUNTER as string;

queueApplication(
  { redis: process.env.WF_REDIS_URL as string, postgres: process.env.WF_PG_URL as string },
  process.env.WF_PREFIX as string,
  counter,
  true,
)
  .then((app) => {
    const killBefore = process.env.WF_KILL_BEFORE_ENQUEUE;
    if (killBefore) {
      // The fault of the test: the first worker to enqueue the task of step `killBefore` (after storing that step
      // QUEUED) dies right then, before the task reaches the queue. Once across the workers (the counter file says).
      const queue = app.get(Queue);
      const enqueue = queue.enqueue.bind(queue) as (...args: unknown[]) => unknown;
      queue.enqueue = ((name: string, payload?: { stepId?: string }, ...rest: unknown[]) => {
        if (payload?.stepId === killBefore && !fs.readFileSync(counter, 'utf8').includes('killed ')) {
          fs.appendFileSync(counter, `killed ${process.pid}\n`);
          process.kill(process.pid, 'SIGKILL');
        }
        return enqueue(name, payload, ...rest);
      }) as typeof queue.enqueue;
    }
    process.stdout.write('ready\n');
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
