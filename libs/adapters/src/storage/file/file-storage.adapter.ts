import { randomUUID } from 'node:crypto';
import { constants as fsConstants, existsSync } from 'node:fs';
import { access, lstat, mkdir, open, readdir, realpath, rename, rm, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AdapterContext } from '../../interfaces/adapter-context.interface';
import { StorageAdapter, type StorageStat } from '../storage.adapter';
import { StorageNotFoundError } from '../errors/storage-not-found.error';
import { StoragePathError } from '../errors/storage-path.error';
import { StorageUnavailableError } from '../errors/storage-unavailable.error';
import { type StorageData, isReadable } from '../storage-data';
import { TEMP_FILE_PREFIX, normalizeStoragePath, normalizeStoragePrefix } from '../storage-path';
import { STORAGE_MESSAGES } from '../storage.messages';

/** Attempts of one write when a concurrent delete removes its freshly created folder. */
const WRITE_ATTEMPTS = 3;

/**
 * Where an open folder can be named by its descriptor: `<FD_DIR>/<fd>/<name>` resolves `name` inside exactly the
 * folder that was opened (Linux's /proc magic links), which is what `openat(2)`/`renameat(2)` do. Node has no
 * `*at` calls; this gives their guarantee.
 */
const FD_DIR = '/proc/self/fd';

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY, O_NONBLOCK } = fsConstants;
const FOLDER_FLAGS = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;
const isMissing = (error: unknown): boolean => errorCode(error) === 'ENOENT';

/**
 * storage `file`: files under a root folder on the local disk.
 * - Confined to the root by construction: a path is opened one folder at a time from the root's descriptor, each
 *   step with `O_NOFOLLOW`, and files are opened, created and renamed relative to the descriptor of the folder that
 *   was actually opened. No symbolic link is ever followed (neither inside nor outside the root): a link anywhere on
 *   a path is a `StoragePathError` ("passes through a symbolic link"), a dangling one too, and swapping a folder for
 *   a link while an operation runs cannot make it read or write outside the root.
 * - Writes are atomic: data goes to a temporary file in the target folder (`.acb-tmp-<uuid>`), then is renamed over
 *   the target, so a reader sees the old or the new content, never a part; a failed write leaves the old file.
 * - `list()` does not enter linked folders nor list linked files, and hides temporary files. Deleting the last file
 *   of a folder removes the empty folders up to the root.
 * - Needs Linux (`/proc/self/fd`); `connect()` says so elsewhere.
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
      if (!existsSync(FD_DIR)) throw new Error(STORAGE_MESSAGES.needsProcFd(FD_DIR));
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
    const handle = await this.openFile(path, true);
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async readStream(path: string): Promise<Readable> {
    const handle = await this.openFile(path, true);
    return handle.createReadStream();
  }

  async exists(path: string): Promise<boolean> {
    return (await this.stat(path)) !== undefined;
  }

  async delete(path: string): Promise<boolean> {
    const key = normalizeStoragePath(path);
    const [folders, name] = split(key);
    const folder = await this.openFolder(path, folders, false);
    if (!folder) return false;
    try {
      const info = await lstat(at(folder, name)).catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      if (!info || info.isDirectory()) return false;
      if (info.isSymbolicLink()) throw new StoragePathError(path, STORAGE_MESSAGES.symlink());
      await unlink(at(folder, name)).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
    } finally {
      await folder.close();
    }
    await this.pruneEmptyFolders(path, folders);
    return true;
  }

  async list(prefix?: string): Promise<string[]> {
    const normalized = normalizeStoragePrefix(prefix);
    const startFolder = normalized.includes('/') ? normalized.slice(0, normalized.lastIndexOf('/')) : '';
    const start = await this.openFolder(prefix ?? '', startFolder ? startFolder.split('/') : [], false);
    if (!start) return [];
    const found: string[] = [];
    await this.walk(start, startFolder, found);
    return found.filter((key) => key.startsWith(normalized)).sort();
  }

  async stat(path: string): Promise<StorageStat | undefined> {
    const key = normalizeStoragePath(path);
    let handle: FileHandle;
    try {
      handle = await this.openFile(path, false);
    } catch (error) {
      if (error instanceof StorageNotFoundError) return undefined;
      throw error;
    }
    try {
      const info = await handle.stat();
      return info.isFile() ? { path: key, size: info.size, modifiedAt: new Date(info.mtimeMs) } : undefined;
    } finally {
      await handle.close();
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

  /**
   * Opens the folder `segments` below the root, one step at a time from the descriptor of the previous one, never
   * following a link. `create` makes missing folders; otherwise a missing one (or a file in its place) gives
   * `undefined`.
   * @throws StoragePathError when a step is a link, or a file when creating
   */
  private async openFolder(original: string, segments: readonly string[], create: boolean): Promise<FileHandle | undefined> {
    let current = await open(await this.base(), FOLDER_FLAGS);
    try {
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        let next: FileHandle | undefined;
        try {
          next = await open(at(current, segment), FOLDER_FLAGS);
        } catch (error) {
          const missing = isMissing(error) || (!create && (await this.isPlainFile(current, segment)));
          if (!missing) await this.refuseStep(original, current, segment, segments.slice(0, i + 1).join('/'), error);
          if (!create) {
            await current.close();
            return undefined;
          }
          await mkdir(at(current, segment)).catch((mkdirError: unknown) => {
            if (errorCode(mkdirError) !== 'EEXIST') throw mkdirError;
          });
          next = await open(at(current, segment), FOLDER_FLAGS).catch((again: unknown) =>
            this.refuseStep(original, current, segment, segments.slice(0, i + 1).join('/'), again),
          );
        }
        await current.close();
        current = next;
      }
      return current;
    } catch (error) {
      await current.close().catch(() => undefined);
      throw error;
    }
  }

  private async isPlainFile(folder: FileHandle, segment: string): Promise<boolean> {
    const info = await lstat(at(folder, segment)).catch(() => undefined);
    return info !== undefined && !info.isDirectory() && !info.isSymbolicLink();
  }

  /** Turns a failed step into the reason: a link, a file where a folder should be, or the error itself. */
  private async refuseStep(original: string, folder: FileHandle, segment: string, soFar: string, error: unknown): Promise<never> {
    const info = await lstat(at(folder, segment)).catch(() => undefined);
    if (info?.isSymbolicLink() || errorCode(error) === 'ELOOP') throw new StoragePathError(original, STORAGE_MESSAGES.symlink());
    if (info && !info.isDirectory()) throw new StoragePathError(original, STORAGE_MESSAGES.parentIsFile(soFar));
    throw error;
  }

  /**
   * Opens an existing file for reading without following a link; what was opened is checked with fstat.
   * @throws StorageNotFoundError (missing, or a folder when `mustBeFile`), StoragePathError (a link on the way)
   */
  private async openFile(path: string, mustBeFile: boolean): Promise<FileHandle> {
    const key = normalizeStoragePath(path);
    const [folders, name] = split(key);
    const folder = await this.openFolder(path, folders, false);
    if (!folder) throw new StorageNotFoundError(key);
    let handle: FileHandle;
    try {
      // NOTE: O_NONBLOCK so that a FIFO planted in the root cannot hang the open; fstat below refuses it.
      handle = await open(at(folder, name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    } catch (error) {
      if (isMissing(error)) throw new StorageNotFoundError(key);
      if (errorCode(error) === 'ELOOP') throw new StoragePathError(path, STORAGE_MESSAGES.symlink());
      throw error;
    } finally {
      await folder.close();
    }
    const info = await handle.stat();
    if (!info.isFile() && (mustBeFile || !info.isDirectory())) {
      await handle.close();
      throw new StorageNotFoundError(key);
    }
    return handle;
  }

  private async writeOnce(original: string, key: string, data: StorageData): Promise<void> {
    const [folders, name] = split(key);
    const folder = (await this.openFolder(original, folders, true)) as FileHandle;
    try {
      const existing = await lstat(at(folder, name)).catch(() => undefined);
      if (existing?.isDirectory()) throw new StoragePathError(original, STORAGE_MESSAGES.isFolder());
      if (existing?.isSymbolicLink()) throw new StoragePathError(original, STORAGE_MESSAGES.symlink());
      const temp = `${TEMP_FILE_PREFIX}${randomUUID()}`;
      const file = await open(at(folder, temp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
      try {
        // NOTE: the write stream closes the handle when it finishes.
        if (isReadable(data)) await pipeline(data, file.createWriteStream());
        else {
          await file.writeFile(data);
          await file.close();
        }
        // NOTE: both names resolved in the folder we opened: renameat(2), a swapped folder cannot redirect it.
        await rename(at(folder, temp), at(folder, name));
      } catch (error) {
        await file.close().catch(() => undefined);
        await rm(at(folder, temp), { force: true });
        if (errorCode(error) === 'EISDIR' || errorCode(error) === 'ENOTEMPTY' || errorCode(error) === 'EEXIST') {
          throw new StoragePathError(original, STORAGE_MESSAGES.isFolder());
        }
        throw error;
      }
    } finally {
      await folder.close();
    }
  }

  /** Lists the files under an opened folder (closed here); links are neither entered nor listed. */
  private async walk(folder: FileHandle, relative: string, found: string[]): Promise<void> {
    try {
      let entries;
      try {
        entries = await readdir(`${FD_DIR}/${folder.fd}`, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.name.startsWith(TEMP_FILE_PREFIX)) continue;
        const key = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isFile()) {
          found.push(key);
        } else if (entry.isDirectory()) {
          const child = await open(at(folder, entry.name), FOLDER_FLAGS).catch(() => undefined);
          if (child) await this.walk(child, key, found);
        }
      }
    } finally {
      await folder.close();
    }
  }

  /** Removes the folders of `folders` left empty, deepest first, each relative to its opened parent; never the root. */
  private async pruneEmptyFolders(original: string, folders: readonly string[]): Promise<void> {
    for (let depth = folders.length; depth > 0; depth--) {
      const parent = await this.openFolder(original, folders.slice(0, depth - 1), false).catch(() => undefined);
      if (!parent) return;
      try {
        await rmdir(at(parent, folders[depth - 1]));
      } catch {
        return;
      } finally {
        await parent.close();
      }
    }
  }
}

/** `name` inside the folder open as `folder` (see FD_DIR). */
function at(folder: FileHandle, name: string): string {
  return `${FD_DIR}/${folder.fd}/${name}`;
}

/** `a/b/c.txt` -> `[['a', 'b'], 'c.txt']`. */
function split(key: string): [string[], string] {
  const segments = key.split('/');
  const name = segments.pop() as string;
  return [segments, name];
}
