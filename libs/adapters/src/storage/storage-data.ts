import type { Readable } from 'node:stream';

/** What `write()` accepts. */
export type StorageData = Buffer | string | Readable;

export function isReadable(data: unknown): data is Readable {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as Readable).pipe === 'function' &&
    typeof (data as Readable)[Symbol.asyncIterator] === 'function'
  );
}

/** Reads a whole stream (string chunks as UTF-8); rejects if the stream errors. */
export async function collectStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}
