import type { Readable } from 'node:stream';

export interface StorageStat {
  path: string;
  size: number;
  modifiedAt: Date;
}

/**
 * The storage category: files under one root, addressed by relative POSIX paths (`avatars/1.png`).
 * A path that escapes the root (`../`, absolute, NUL byte) is refused with a `StoragePathError`.
 */
export abstract class StorageAdapter {
  abstract readonly name: string;
  abstract write(path: string, data: Buffer | string | Readable): Promise<void>;
  abstract read(path: string): Promise<Buffer>;
  abstract readStream(path: string): Promise<Readable>;
  abstract exists(path: string): Promise<boolean>;
  /** @returns whether the file existed. */
  abstract delete(path: string): Promise<boolean>;
  /** Paths under `prefix` (all when omitted), sorted. */
  abstract list(prefix?: string): Promise<string[]>;
  /** `undefined` for a missing file. */
  abstract stat(path: string): Promise<StorageStat | undefined>;
  abstract ping(): Promise<void>;
}
