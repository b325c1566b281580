import { describeWithServers } from '../../../test/servers';
import { OrdersMessages } from '../src/orders/orders.messages';
import { DistributedRun, type HeldStep, ORDER_STEPS, ORDER_TASKS } from './support/distributed-run';

// The distributed run as a user would start it (ACB_PROFILE=distributed: PostgreSQL, Redis cache and queue, the
// queue workflow engine), here in three real processes: the API and two workers. 500 orders over HTTP; the workers
// run the tasks and every workflow step. One worker is SIGKILLed while it holds a step in flight.
jest.setTimeout(120_000);

const ORDERS = 500;
const IN_FLIGHT = 10;
const KILL_AFTER = 150;

describeWithServers(['redis', 'postgres'], 'distributed: API + 2 workers on PostgreSQL and Redis, 500 orders, a worker SIGKILLed mid-step', (urls) => {
  let run: DistributedRun;

  beforeAll(async () => {
    run = await DistributedRun.start(urls, 2);
  });

  afterAll(async () => {
    await run?.close();
  });

  it('every order is fulfilled by a COMPLETED workflow, every step and task ran (duplicates counted), the held step ran again, no 5xx', async () => {
    let held: Promise<HeldStep> | undefined;
    const started = Date.now();
    const ids = await run.placeOrders(ORDERS, IN_FLIGHT, (placed) => {
      // From the 150th order on: the kill lands the moment worker 1 reports it started a `charge` step.
      if (placed >= KILL_AFTER && !held) held = run.killWhileHolding(1, 30_000);
    });
    const placingSeconds = (Date.now() - started) / 1000;
    const killed = await held!;
    expect(ids).toHaveLength(ORDERS);

    // Every order fulfilled, each of its 4 steps COMPLETED, each of its 4 tasks finished (BullMQ: finishedOn, no failedReason).
    const { missing, duplicates, stepDuplicates } = await run.waitDone(ids, 60_000);
    const doneSeconds = (Date.now() - started) / 1000;
    expect(missing).toEqual([]);

    // The step the worker held when it died ran again on the survivor (a second attempt) and completed.
    const heldRecord = await run.stepRecord(killed.runId, killed.stepId);
    expect(heldRecord?.state).toBe('COMPLETED');
    expect(heldRecord?.attempts).toBeGreaterThanOrEqual(2);
    expect(stepDuplicates).toBeGreaterThanOrEqual(1);

    // The steps ran in the workers (the queue engine; the API only enqueues on redis): both workers charged orders.
    const charged = run.processes.map((child) => child.records().filter((record) => record.msg === OrdersMessages.charging).length);
    expect(charged[0]).toBe(0);
    expect(charged[1]).toBeGreaterThan(0);
    expect(charged[2]).toBeGreaterThan(0);

    // Every order's workflow run is COMPLETED, as the API reports it.
    const states: string[] = [];
    for (let i = 0; i < ids.length; i += IN_FLIGHT) {
      states.push(...(await Promise.all(ids.slice(i, i + IN_FLIGHT).map(async (id) => ((await (await run.call(`/api/orders/${id}`)).json()) as { run?: { state: string } }).run?.state ?? 'NONE'))));
    }
    expect(states.filter((state) => state !== 'COMPLETED')).toEqual([]);
    process.stdout.write(
      `distributed: ${ORDERS} orders placed in ${placingSeconds.toFixed(1)} s (${(ORDERS / placingSeconds).toFixed(0)}/s), all done in ${doneSeconds.toFixed(1)} s; ` +
        `worker 1 SIGKILLed holding step ${killed.stepId} of order ${killed.orderId}; ` +
        `${ORDERS * ORDER_STEPS.length} steps COMPLETED, ${stepDuplicates} run more than once; ` +
        `${ORDERS * ORDER_TASKS.length} tasks completed, ${duplicates} started more than once (re-delivered after the SIGKILL)\n`,
    );
    expect(run.statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
