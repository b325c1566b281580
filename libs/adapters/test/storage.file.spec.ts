import { mkdtemp, mkdir, readdir, rename, rm, symlink, unlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import { FileStorageAdapter } from '../src/storage/file/file-storage.adapter';
import { StoragePathError } from '../src/storage/errors/storage-path.error';
import { StorageUnavailableError } from '../src/storage/errors/storage-unavailable.error';
import { runStorageConformance } from './conformance/storage.conformance';

const logger: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };
const roots = new Map<FileStorageAdapter, string>();

async function createAdapter(): Promise<{ adapter: FileStorageAdapter; sandbox: string; root: string }> {
  const sandbox = await mkdtemp(join(tmpdir(), 'acb-storage-'));
  const root = join(sandbox, 'nested', 'root');
  const adapter = new FileStorageAdapter({ appName: 'storage-test', settings: { root }, logger });
  await adapter.connect();
  roots.set(adapter, sandbox);
  return { adapter, sandbox, root };
}

async function destroyAdapter(adapter: FileStorageAdapter): Promise<void> {
  const sandbox = roots.get(adapter);
  roots.delete(adapter);
  if (sandbox) await rm(sandbox, { recursive: true, force: true });
}

runStorageConformance('file', {
  create: async () => (await createAdapter()).adapter,
  destroy: (adapter) => destroyAdapter(adapter as FileStorageAdapter),
});

describe('FileStorageAdapter', () => {
  let adapter: FileStorageAdapter;
  let sandbox: string;
  let root: string;

  beforeEach(async () => {
    ({ adapter, sandbox, root } = await createAdapter());
    await mkdir(join(sandbox, 'outside'));
    await writeFile(join(sandbox, 'outside', 'secret.txt'), 'secret');
  });

  afterEach(async () => {
    await chmod(root, 0o755).catch(() => undefined);
    await destroyAdapter(adapter);
  });

  it('defaults its root to data/storage under the working directory', () => {
    expect(new FileStorageAdapter({ appName: 'x', settings: {}, logger }).root).toBe(resolve('data/storage'));
    expect(new FileStorageAdapter().root).toBe(resolve('data/storage'));
    expect(new FileStorageAdapter().target).toBe(resolve('data/storage'));
  });

  it('creates the root (with its parents) on connect and stores files as plain files under it', async () => {
    await adapter.write('a/b.txt', 'content');
    expect(await readdir(join(root, 'a'))).toEqual(['b.txt']);
  });

  it('leaves no temporary file behind, also after a failed write', async () => {
    await adapter.write('t/one.txt', 'one');
    await adapter.write('t/one.txt', 'two');
    const broken = new (require('node:stream').Readable)({
      read() {
        this.destroy(new Error('broken'));
      },
    });
    await expect(adapter.write('t/one.txt', broken)).rejects.toThrow('broken');
    expect(await readdir(join(root, 't'))).toEqual(['one.txt']);
  });

  it('removes folders left empty by a delete, never the root', async () => {
    await adapter.write('deep/er/file.txt', 'x');
    await adapter.write('deep/keep.txt', 'x');
    await adapter.delete('deep/er/file.txt');
    expect(await readdir(root)).toEqual(['deep']);
    expect(await readdir(join(root, 'deep'))).toEqual(['keep.txt']);
    await adapter.delete('deep/keep.txt');
    expect(await readdir(root)).toEqual([]);
    await expect(adapter.ping()).resolves.toBeUndefined();
  });

  it('refuses a symlinked file that points outside the root', async () => {
    await symlink(join(sandbox, 'outside', 'secret.txt'), join(root, 'leak.txt'));
    for (const operation of [
      () => adapter.read('leak.txt'),
      () => adapter.readStream('leak.txt'),
      () => adapter.stat('leak.txt'),
      () => adapter.exists('leak.txt'),
      () => adapter.write('leak.txt', 'overwrite'),
      () => adapter.delete('leak.txt'),
    ]) {
      await expect(operation()).rejects.toThrow(StoragePathError);
      await expect(operation()).rejects.toThrow(/symbolic link/);
    }
    expect(await adapter.list()).toEqual([]);
    expect(await readdir(join(sandbox, 'outside'))).toEqual(['secret.txt']);
  });

  it('refuses a symlinked folder that points outside the root, also for new files and list', async () => {
    await symlink(join(sandbox, 'outside'), join(root, 'door'));
    await expect(adapter.read('door/secret.txt')).rejects.toThrow(StoragePathError);
    await expect(adapter.write('door/new.txt', 'x')).rejects.toThrow(/symbolic link/);
    await expect(adapter.write('door/sub/new.txt', 'x')).rejects.toThrow(StoragePathError);
    await expect(adapter.delete('door/secret.txt')).rejects.toThrow(StoragePathError);
    await expect(adapter.list('door/')).rejects.toThrow(StoragePathError);
    expect(await adapter.list()).toEqual([]);
    expect(await readdir(join(sandbox, 'outside'))).toEqual(['secret.txt']);
  });

  it('never follows a link, not even one that stays inside the root', async () => {
    await adapter.write('real/file.txt', 'inside');
    await symlink(join(root, 'real', 'file.txt'), join(root, 'alias.txt'));
    await symlink(join(root, 'real'), join(root, 'alias-folder'));
    await expect(adapter.read('alias.txt')).rejects.toThrow(/symbolic link/);
    await expect(adapter.read('alias-folder/file.txt')).rejects.toThrow(/symbolic link/);
    expect(await adapter.list()).toEqual(['real/file.txt']);
  });

  it('a dangling link is a StoragePathError whose message holds no absolute path', async () => {
    await symlink(join(sandbox, 'gone', 'nothing.txt'), join(root, 'dangling.txt'));
    await symlink(join(sandbox, 'gone'), join(root, 'dangling-folder'));
    for (const operation of [
      () => adapter.read('dangling.txt'),
      () => adapter.readStream('dangling.txt'),
      () => adapter.stat('dangling.txt'),
      () => adapter.write('dangling.txt', 'x'),
      () => adapter.delete('dangling.txt'),
      () => adapter.read('dangling-folder/x.txt'),
      () => adapter.write('dangling-folder/x.txt', 'x'),
      () => adapter.list('dangling-folder/'),
    ]) {
      const error = await operation().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StoragePathError);
      expect((error as Error).message).not.toContain(sandbox);
      expect((error as Error).message).not.toMatch(/ENOENT/);
    }
    await expect(readdir(sandbox)).resolves.not.toContain('gone');
  });

  it('stays inside the root while a folder is swapped for a link to the outside during operations', async () => {
    // NOTE: a check-then-open by path loses this race often; opening relative to the checked folder never does.
    await writeFile(join(sandbox, 'outside', 'target.txt'), 'outside');
    const box = join(root, 'box');
    const quiet = (step: Promise<unknown>) => step.catch(() => undefined);
    const swapper = (async () => {
      for (let i = 0; i < 400; i++) {
        // a real folder holding target.txt ...
        await quiet(rm(box, { recursive: true, force: true }));
        await quiet(mkdir(box, { recursive: true }));
        await quiet(writeFile(join(box, 'target.txt'), 'inside'));
        await new Promise((resolve) => setImmediate(resolve));
        // ... swapped for a link to the outside folder (atomically, by rename), and back
        await quiet(symlink(join(sandbox, 'outside'), join(root, `link-${i}`)));
        await quiet(rename(box, join(root, `old-${i}`)));
        await quiet(rename(join(root, `link-${i}`), box));
        await quiet(rm(join(root, `old-${i}`), { recursive: true, force: true }));
        await quiet(rm(join(root, `link-${i}`), { force: true }));
        await new Promise((resolve) => setImmediate(resolve));
        await quiet(unlink(box));
      }
    })();
    const seen = new Set<string>();
    let done = false;
    void swapper.finally(() => {
      done = true;
    });
    while (!done) {
      const results = await Promise.allSettled([
        adapter.read('box/target.txt'),
        adapter.write('box/target.txt', 'written-by-adapter'),
        adapter.write('box/new.txt', 'new'),
        adapter.delete('box/target.txt'),
        adapter.list('box/'),
      ]);
      for (const result of results) {
        if (result.status === 'fulfilled' && Buffer.isBuffer(result.value)) seen.add(result.value.toString());
        if (result.status === 'rejected') expect(String((result.reason as Error).message)).not.toContain(sandbox);
      }
    }
    await swapper;
    expect(seen.has('outside')).toBe(false);
    expect((await readdir(join(sandbox, 'outside'))).sort()).toEqual(['secret.txt', 'target.txt']);
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(join(sandbox, 'outside', 'target.txt'))).toString()).toBe('outside');
  }, 60_000);

  it('ping fails when the root is gone, and connect fails when the root cannot be a folder', async () => {
    await rm(root, { recursive: true });
    await expect(adapter.ping()).rejects.toThrow(StorageUnavailableError);
    await expect(adapter.ping()).rejects.toThrow(root);
    const blocker = join(sandbox, 'blocker');
    await writeFile(blocker, 'a file');
    const blocked = new FileStorageAdapter({ appName: 'x', settings: { root: join(blocker, 'root') }, logger });
    await expect(blocked.connect()).rejects.toThrow(StorageUnavailableError);
  });

  it('connects on first use when connect() was not called', async () => {
    const lazyRoot = join(sandbox, 'lazy');
    const lazy = new FileStorageAdapter({ appName: 'x', settings: { root: lazyRoot }, logger });
    await lazy.write('x.txt', 'x');
    expect(await readdir(lazyRoot)).toEqual(['x.txt']);
  });
});
