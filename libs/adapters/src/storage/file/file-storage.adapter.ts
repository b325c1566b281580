import { randomUUID } from 'node:crypto';
import { constants as fsConstants, createWriteStream } from 'node:fs';
import { access, lstat, mkdir, open, readFile, readdir, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AdapterContext } from '../../interfaces/adapter-context.interface';
import { StorageAdapter, type StorageStat } from '../storage.adapter';
import { StorageNotFoundError } from '../errors/storage-not-found.error';
import { StoragePathError } from '../errors/storage-path.error';
import { StorageUnavailableError } from '../errors/storage-unavailable.error';
import { type StorageData, isReadable } from '../storage-data';
import { TEMP_FILE_PREFIX, normalizeStoragePath, normalizeStoragePrefix, parentFolders } from '../storage-path';
import { STORAGE_MESSAGES } from '../storage.messages';

/** Attempts of one write when a concurrent delete removes its freshly created folder. */
const WRITE_ATTEMPTS = 3;

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;
const isMissing = (error: unknown): boolean => errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR';

/**
 * storage `file`: files under a root folder on the local disk.
 * - Writes are atomic: data goes to a temporary file in the target folder (`.acb-tmp-<uuid>`), then is renamed over
 *   the target, so a reader sees the old or the new content, never a part; a failed write leaves the old file.
 * - Every path is normalised and checked like `memory`; in addition the real path (symlinks resolved) must stay
 *   inside the root: a symbolic link that leads outside is refused with a `StoragePathError`.
 * - `list()` follows symlinked files that stay inside the root, never symlinked folders (no cycles), and hides
 *   temporary files. Deleting the last file of a folder removes the empty folders up to the root.
 *
 * Settings (`settings/storage.yml`): `root` (`data/storage`, relative to the working directory; created on connect).
 */
export class FileStorageAdapter extends StorageAdapter {
  readonly name = 'file';
  /** The absolute root folder, as configured. */
  readonly root: string;
  private realRoot: string | undefined;

  /** The root folder, for messages and the health indicator. */
  get target(): string {
    return this.root;
  }

  constructor(context?: AdapterContext) {
    super();
    const root = context?.settings.root;
    this.root = resolve(typeof root === 'string' && root.length > 0 ? root : 'data/storage');
  }

  /** Creates the root folder when missing and resolves its real path. */
  async connect(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      const real = await realpath(this.root);
      if (!(await stat(real)).isDirectory()) throw new Error('not a folder');
      await access(real, fsConstants.R_OK | fsConstants.W_OK);
      this.realRoot = real;
    } catch (error) {
      throw new StorageUnavailableError(STORAGE_MESSAGES.rootUnusable(this.root, (error as Error).message), { cause: error });
    }
  }

  async write(path: string, data: StorageData): Promise<void> {
    const key = normalizeStoragePath(path);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.writeOnce(path, key, data);
        return;
      } catch (error) {
        // NOTE: ENOENT here means a concurrent delete pruned the folder we had just created; a stream can't be replayed.
        if (errorCode(error) !== 'ENOENT' || isReadable(data) || attempt >= WRITE_ATTEMPTS) throw error;
      }
    }
  }

  async read(path: string): Promise<Buffer> {
    return readFile(await this.existingFile(path));
  }

  async readStream(path: string): Promise<Readable> {
    const file = await this.existingFile(path);
    const handle = await open(file, 'r').catch((error: unknown) => {
      if (isMissing(error)) throw new StorageNotFoundError(normalizeStoragePath(path));
      throw error;
    });
    return handle.createReadStream();
  }

  async exists(path: string): Promise<boolean> {
    return (await this.stat(path)) !== undefined;
  }

  async delete(path: string): Promise<boolean> {
    const key = normalizeStoragePath(path);
    const full = await this.checkedPath(path, key);
    try {
      if ((await lstat(full)).isDirectory()) return false;
      await rm(full);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    await this.pruneEmptyFolders(dirname(full));
    return true;
  }

  async list(prefix?: string): Promise<string[]> {
    const normalized = normalizeStoragePrefix(prefix);
    const base = await this.base();
    const startFolder = normalized.includes('/') ? normalized.slice(0, normalized.lastIndexOf('/')) : '';
    const start = startFolder ? await this.checkedPath(prefix as string, startFolder) : base;
    const found: string[] = [];
    await this.walk(start, startFolder, found);
    return found.filter((key) => key.startsWith(normalized)).sort();
  }

  async stat(path: string): Promise<StorageStat | undefined> {
    const key = normalizeStoragePath(path);
    const full = await this.checkedPath(path, key);
    try {
      const info = await stat(full);
      return info.isFile() ? { path: key, size: info.size, modifiedAt: new Date(info.mtimeMs) } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** The root is a readable and writable folder. */
  async ping(): Promise<void> {
    const base = await this.base();
    try {
      if (!(await stat(base)).isDirectory()) throw new Error('not a folder');
      await access(base, fsConstants.R_OK | fsConstants.W_OK);
    } catch (error) {
      throw new StorageUnavailableError(STORAGE_MESSAGES.rootUnusable(this.root, (error as Error).message), { cause: error });
    }
  }

  private async base(): Promise<string> {
    if (this.realRoot === undefined) await this.connect();
    return this.realRoot as string;
  }

  private isInside(base: string, candidate: string): boolean {
    return candidate === base || candidate.startsWith(base + sep);
  }

  /**
   * The absolute path of `key` under the root, after checking that its deepest existing part really lies inside
   * the root (a symlink on the way that leads outside is refused).
   */
  private async checkedPath(original: string, key: string): Promise<string> {
    const base = await this.base();
    const full = join(base, ...key.split('/'));
    let candidate = full;
    for (;;) {
      try {
        const real = await realpath(candidate);
        if (!this.isInside(base, real)) throw new StoragePathError(original, STORAGE_MESSAGES.symlinkOutside());
        return full;
      } catch (error) {
        if (!isMissing(error) || candidate === base) throw error;
        candidate = dirname(candidate);
      }
    }
  }

  private async existingFile(path: string): Promise<string> {
    const key = normalizeStoragePath(path);
    const full = await this.checkedPath(path, key);
    try {
      if ((await stat(full)).isFile()) return full;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    throw new StorageNotFoundError(key);
  }

  private async writeOnce(original: string, key: string, data: StorageData): Promise<void> {
    const base = await this.base();
    const full = await this.checkedPath(original, key);
    for (const parent of parentFolders(key)) {
      const info = await stat(join(base, ...parent.split('/'))).catch(() => undefined);
      if (info && !info.isDirectory()) throw new StoragePathError(original, STORAGE_MESSAGES.parentIsFile(parent));
    }
    const target = await stat(full).catch(() => undefined);
    if (target?.isDirectory()) throw new StoragePathError(original, STORAGE_MESSAGES.isFolder());
    const folder = dirname(full);
    await mkdir(folder, { recursive: true });
    await this.checkedPath(original, key);
    const temp = join(folder, `${TEMP_FILE_PREFIX}${randomUUID()}`);
    try {
      if (isReadable(data)) await pipeline(data, createWriteStream(temp, { flags: 'wx' }));
      else await writeFile(temp, data, { flag: 'wx' });
      await rename(temp, full);
    } catch (error) {
      await rm(temp, { force: true });
      if (errorCode(error) === 'EISDIR' || errorCode(error) === 'ENOTEMPTY' || errorCode(error) === 'EEXIST') {
        throw new StoragePathError(original, STORAGE_MESSAGES.isFolder());
      }
      throw error;
    }
  }

  private async walk(folder: string, relative: string, found: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    const base = await this.base();
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_FILE_PREFIX)) continue;
      const key = relative ? `${relative}/${entry.name}` : entry.name;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        await this.walk(full, key, found);
      } else if (entry.isFile()) {
        found.push(key);
      } else if (entry.isSymbolicLink()) {
        const real = await realpath(full).catch(() => undefined);
        if (real && this.isInside(base, real) && (await stat(real)).isFile()) found.push(key);
      }
    }
  }

  private async pruneEmptyFolders(folder: string): Promise<void> {
    const base = await this.base();
    let current = folder;
    while (current !== base && this.isInside(base, current)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
      current = dirname(current);
    }
  }
}
