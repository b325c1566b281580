import type { Socket } from 'node:net';

const COALESCED = Symbol('acb.coalescedWrites');

type Marked<T> = T & { [COALESCED]?: true };

/** What this needs of an ioredis client (BullMQ types its clients by its own interface). */
interface IoRedisLike {
  readonly stream?: unknown;
  on(event: 'connect', listener: () => void): unknown;
}

/**
 * Sends the commands a client issues within one turn of the event loop in at most two socket writes.
 *
 * ioredis writes every command with its own `socket.write`, i.e. its own `write` syscall, which on a local Redis also
 * wakes the server once per command. Under load many commands are issued in one turn (the replies of one socket read
 * resolve many promises, whose continuations enqueue the next tasks or finish the next jobs). The first write of a
 * turn goes out at once, as before (a lone command — one enqueue, one finished job — waits for nothing); the socket is
 * then corked and the turn's later writes leave together on the next tick (one `writev`, read by Redis with one
 * `read`). Nothing else changes: the same commands, in the same order, on the same connection (unlike ioredis'
 * `enableAutoPipelining`, which keeps one pipeline in flight per connection and was reported to break BullMQ
 * workers). Measured (docs/redis-rabbitmq.md): 2 write syscalls per task become ~0.4 at concurrency 10 to 100.
 * Holding every write of a turn, the first included, cost a third of the throughput at concurrency 10 on an idle
 * machine (the worker's finished job waited for the producer's long turn while Redis sat idle): hence the first write.
 *
 * Installed again on every (re)connect, as ioredis makes a new socket for each.
 */
export function coalesceWrites(target: object): void {
  const client = target as Marked<IoRedisLike>;
  if (client[COALESCED] || typeof client.on !== 'function') return;
  client[COALESCED] = true;
  const install = (): void => {
    const stream = client.stream as Marked<Socket> | undefined;
    if (stream && !stream[COALESCED]) coalesceSocketWrites(stream);
  };
  client.on('connect', install);
  install();
}

function coalesceSocketWrites(socket: Marked<Socket>): void {
  socket[COALESCED] = true;
  const write = socket.write;
  /** IDLE: no write yet this turn; SENT: the turn's first write went out at once; HELD: later ones are corked. */
  let state: 'idle' | 'sent' | 'held' = 'idle';
  const endOfTurn = (): void => {
    if (state === 'held') socket.uncork();
    state = 'idle';
  };
  socket.write = function coalescedWrite(this: Socket, ...args: Parameters<Socket['write']>): boolean {
    if (state === 'idle') {
      state = 'sent';
      process.nextTick(endOfTurn);
    } else if (state === 'sent') {
      state = 'held';
      socket.cork();
    }
    return write.apply(this, args as never);
  } as Socket['write'];
}
