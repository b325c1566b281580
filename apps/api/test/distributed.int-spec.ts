import { describeWithServers } from '../../../test/servers';
import { DistributedRun, ORDER_TASKS } from './support/distributed-run';

// The distributed run as a user would start it (ACB_PROFILE=distributed: PostgreSQL, Redis cache and queue), here in
// three real processes: the API and two workers. 500 orders over HTTP; one worker is SIGKILLed in the middle.
jest.setTimeout(240_000);

const ORDERS = 500;
const IN_FLIGHT = 10;
const KILL_AFTER = 150;

describeWithServers(['redis', 'postgres'], 'distributed: API + 2 workers on PostgreSQL and Redis, 500 orders, a worker SIGKILLed', (urls) => {
  let run: DistributedRun;

  beforeAll(async () => {
    run = await DistributedRun.start(urls, 2);
  });

  afterAll(async () => {
    await run?.close();
  });

  it('every order is fulfilled by a COMPLETED workflow, every task ran (duplicates counted), no 5xx', async () => {
    let killed: Promise<unknown> | undefined;
    const started = Date.now();
    const ids = await run.placeOrders(ORDERS, IN_FLIGHT, (placed) => {
      if (placed >= KILL_AFTER && !killed) killed = run.processes[1]!.stop('SIGKILL', 5_000);
    });
    const placingSeconds = (Date.now() - started) / 1000;
    await killed;
    expect(ids).toHaveLength(ORDERS);

    // Every order fulfilled and every task of it finished (BullMQ job hashes: finishedOn, no failedReason).
    const { missing, duplicates } = await run.waitDone(ids, 120_000);
    expect(missing).toEqual([]);

    // Every order's workflow run is COMPLETED, as the API reports it.
    const states: string[] = [];
    for (let i = 0; i < ids.length; i += IN_FLIGHT) {
      states.push(...(await Promise.all(ids.slice(i, i + IN_FLIGHT).map(async (id) => ((await (await run.call(`/api/orders/${id}`)).json()) as { run?: { state: string } }).run?.state ?? 'NONE'))));
    }
    expect(states.filter((state) => state !== 'COMPLETED')).toEqual([]);
    process.stdout.write(
      `distributed: ${ORDERS} orders placed in ${placingSeconds.toFixed(1)} s (${(ORDERS / placingSeconds).toFixed(0)}/s), ` +
        `${ORDERS * ORDER_TASKS.length} tasks completed, ${duplicates} started more than once (re-delivered after the SIGKILL)\n`,
    );
    expect(run.statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
