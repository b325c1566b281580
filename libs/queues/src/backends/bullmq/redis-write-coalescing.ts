import type { Socket } from 'node:net';

const COALESCED = Symbol('acb.coalescedWrites');

type Marked<T> = T & { [COALESCED]?: true };

/** What this needs of an ioredis client (BullMQ types its clients by its own interface). */
interface IoRedisLike {
  readonly stream?: unknown;
  on(event: 'connect', listener: () => void): unknown;
}

/**
 * Sends the commands a client issues within one turn of the event loop in one socket write.
 *
 * ioredis writes every command with its own `socket.write`, i.e. its own `write` syscall, which on a local Redis also
 * wakes the server once per command. Under load many commands are issued in one turn (the replies of one socket read
 * resolve many promises, whose continuations enqueue the next tasks or finish the next jobs): the socket is corked
 * at the first write of a turn and uncorked on the next tick, so they leave together (one `writev`) and Redis reads
 * them with one `read`. Nothing else changes: the same commands, in the same order, on the same connection, and no
 * command waits longer than the rest of the current turn (unlike ioredis' `enableAutoPipelining`, which keeps one
 * pipeline in flight per connection and was reported to break BullMQ workers).
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
  let corked = false;
  const flush = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = function coalescedWrite(this: Socket, ...args: Parameters<Socket['write']>): boolean {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(flush);
    }
    return write.apply(this, args as never);
  } as Socket['write'];
}
