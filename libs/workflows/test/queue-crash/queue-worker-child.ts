/** A worker process of queue-crash.int-spec.ts: runs workflow steps from the queue until killed. */
import { queueApplication } from './queue-app';

queueApplication(
  { redis: process.env.WF_REDIS_URL as string, postgres: process.env.WF_PG_URL as string },
  process.env.WF_PREFIX as string,
  process.env.WF_COUNTER as string,
  true,
)
  .then(() => process.stdout.write('ready\n'))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
