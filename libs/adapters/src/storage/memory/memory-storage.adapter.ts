import { Readable } from 'node:stream';
import type { AdapterContext } from '../../interfaces/adapter-context.interface';
import { StorageAdapter, type StorageStat } from '../storage.adapter';
import { StorageNotFoundError } from '../errors/storage-not-found.error';
import { StoragePathError } from '../errors/storage-path.error';
import { type StorageData, collectStream, isReadable } from '../storage-data';
import { normalizeStoragePath, normalizeStoragePrefix, parentFolders } from '../storage-path';
import { STORAGE_MESSAGES } from '../storage.messages';

interface MemoryFile {
  data: Buffer;
  modifiedAt: Date;
}

/**
 * storage `memory`: files in a Map of this adapter instance, gone on restart. Paths are normalised and refused
 * exactly as by `file` (same rules, same folder/file conflicts), and data is copied in and out. Settings: none.
 */
export class MemoryStorageAdapter extends StorageAdapter {
  readonly name = 'memory';
  private readonly files = new Map<string, MemoryFile>();

  constructor(_context?: AdapterContext) {
    super();
  }

  async write(path: string, data: StorageData): Promise<void> {
    const key = normalizeStoragePath(path);
    const bytes = isReadable(data) ? await collectStream(data) : Buffer.from(data as Buffer | string);
    // NOTE: checked after the stream is read, like `file`, which only renames into place at the end.
    for (const parent of parentFolders(key)) {
      if (this.files.has(parent)) throw new StoragePathError(path, STORAGE_MESSAGES.parentIsFile(parent));
    }
    if (this.isFolder(key)) throw new StoragePathError(path, STORAGE_MESSAGES.isFolder());
    this.files.set(key, { data: bytes, modifiedAt: new Date() });
  }

  async read(path: string): Promise<Buffer> {
    return Buffer.from(this.require(path).data);
  }

  async readStream(path: string): Promise<Readable> {
    return Readable.from([Buffer.from(this.require(path).data)]);
  }

  async exists(path: string): Promise<boolean> {
    return this.files.has(normalizeStoragePath(path));
  }

  async delete(path: string): Promise<boolean> {
    return this.files.delete(normalizeStoragePath(path));
  }

  async list(prefix?: string): Promise<string[]> {
    const normalized = normalizeStoragePrefix(prefix);
    return [...this.files.keys()].filter((key) => key.startsWith(normalized)).sort();
  }

  async stat(path: string): Promise<StorageStat | undefined> {
    const key = normalizeStoragePath(path);
    const file = this.files.get(key);
    return file ? { path: key, size: file.data.length, modifiedAt: new Date(file.modifiedAt) } : undefined;
  }

  async ping(): Promise<void> {
    return;
  }

  private require(path: string): MemoryFile {
    const key = normalizeStoragePath(path);
    const file = this.files.get(key);
    if (!file) throw new StorageNotFoundError(key);
    return file;
  }

  private isFolder(key: string): boolean {
    const inside = `${key}/`;
    for (const existing of this.files.keys()) if (existing.startsWith(inside)) return true;
    return false;
  }
}
