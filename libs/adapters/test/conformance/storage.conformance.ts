import { Readable } from 'node:stream';
import type { StorageAdapter } from '../../src/storage/storage.adapter';
import { StorageNotFoundError } from '../../src/storage/errors/storage-not-found.error';
import { StoragePathError } from '../../src/storage/errors/storage-path.error';

export interface StorageConformanceTarget {
  /** A connected adapter over an empty store; called once per test. */
  create(): Promise<StorageAdapter>;
  /** Closes it and removes what it created. */
  destroy(adapter: StorageAdapter): Promise<void>;
}

/** Paths every adapter must refuse, for every operation, with the reason it gives. */
export const ESCAPING_PATHS: Array<[string, RegExp]> = [
  ['../x', /leave the storage root/],
  ['a/../../x', /leave the storage root/],
  ['./../x', /leave the storage root/],
  ['a/b/../../../etc/passwd', /leave the storage root/],
  ['/etc/passwd', /absolute/],
  ['//server/share', /absolute/],
  ['a\u0000b', /NUL/],
  ['..\\x', /backslash/],
  ['a\\..\\..\\x', /backslash/],
  ['C:\\Windows\\win.ini', /backslash|drive letter/],
  ['C:x', /drive letter/],
  ['', /empty/],
  ['.', /storage root, not a file/],
  ['a/..', /storage root, not a file/],
  ['.acb-tmp-123', /reserved/],
  ['a/.acb-tmp-x/b', /reserved/],
  [`a/${'é'.repeat(128)}`, /name is longer than 255 bytes/],
  [Array.from({ length: 5 }, () => 'x'.repeat(250)).join('/'), /longer than 1024 bytes/],
];

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function failingStream(): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(Buffer.from('partial data'));
      } else {
        this.destroy(new Error('source broke'));
      }
    },
  });
}

/** The one behaviour every storage implementation must show; each test gets a fresh, empty adapter. */
export function runStorageConformance(name: string, target: StorageConformanceTarget): void {
  describe(`StorageAdapter conformance: ${name}`, () => {
    let storage: StorageAdapter;

    beforeEach(async () => {
      storage = await target.create();
    });

    afterEach(async () => {
      await target.destroy(storage);
    });

    it('names itself and answers ping', async () => {
      expect(storage.name).toBe(name);
      await expect(storage.ping()).resolves.toBeUndefined();
    });

    it('writes and reads a Buffer, a string (UTF-8) and every byte value', async () => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await storage.write('bin/all.bytes', bytes);
      await storage.write('text/hello.txt', 'héllo wörld ✓');
      expect((await storage.read('bin/all.bytes')).equals(bytes)).toBe(true);
      expect((await storage.read('text/hello.txt')).toString('utf8')).toBe('héllo wörld ✓');
      await storage.write('empty', '');
      expect((await storage.read('empty')).length).toBe(0);
    });

    it('writes a stream of several chunks (Buffers and strings)', async () => {
      await storage.write('streamed.txt', Readable.from([Buffer.from('one,'), 'two,', Buffer.from('three')]));
      expect((await storage.read('streamed.txt')).toString()).toBe('one,two,three');
      const big = Buffer.alloc(3 * 1024 * 1024, 7);
      await storage.write('big.bin', Readable.from([big.subarray(0, 1_000_000), big.subarray(1_000_000)]));
      expect((await storage.stat('big.bin'))?.size).toBe(big.length);
      expect((await storage.read('big.bin')).equals(big)).toBe(true);
    });

    it('reads as a stream', async () => {
      await storage.write('s/file.txt', 'streamed back');
      expect(await readAll(await storage.readStream('s/file.txt'))).toBe('streamed back');
      await expect(storage.readStream('s/missing.txt')).rejects.toThrow(StorageNotFoundError);
    });

    it('overwrites, and copies data in and out', async () => {
      const data = Buffer.from('first');
      await storage.write('f.txt', data);
      data.write('XXXXX');
      const read = await storage.read('f.txt');
      expect(read.toString()).toBe('first');
      read.write('YYYYY');
      expect((await storage.read('f.txt')).toString()).toBe('first');
      await storage.write('f.txt', 'second, longer');
      expect((await storage.read('f.txt')).toString()).toBe('second, longer');
    });

    it('a failing stream rejects and leaves the previous content (nothing partial)', async () => {
      await expect(storage.write('new.txt', failingStream())).rejects.toThrow('source broke');
      expect(await storage.exists('new.txt')).toBe(false);
      await storage.write('kept.txt', 'old');
      await expect(storage.write('kept.txt', failingStream())).rejects.toThrow('source broke');
      expect((await storage.read('kept.txt')).toString()).toBe('old');
      expect(await storage.list()).toEqual(['kept.txt']);
    });

    it('concurrent writes to one path leave one whole version', async () => {
      const versions = Array.from({ length: 8 }, (_, i) => String(i).repeat(10000));
      await Promise.all(versions.map((version) => storage.write('race.txt', version)));
      expect(versions).toContain((await storage.read('race.txt')).toString());
      expect(await storage.list()).toEqual(['race.txt']);
    });

    it('read of a missing file is a StorageNotFoundError naming the path', async () => {
      const attempt = storage.read('nope/missing.txt');
      await expect(attempt).rejects.toThrow(StorageNotFoundError);
      await expect(attempt).rejects.toThrow('Storage file "nope/missing.txt" does not exist');
    });

    it('exists and delete', async () => {
      await storage.write('d/x.txt', 'x');
      expect(await storage.exists('d/x.txt')).toBe(true);
      expect(await storage.exists('d/y.txt')).toBe(false);
      expect(await storage.delete('d/x.txt')).toBe(true);
      expect(await storage.delete('d/x.txt')).toBe(false);
      expect(await storage.exists('d/x.txt')).toBe(false);
      expect(await storage.list()).toEqual([]);
    });

    it('stat gives the normalised path, size and modification time', async () => {
      const before = Date.now();
      await storage.write('./st//a.txt', 'abcdef');
      const info = await storage.stat('st/a.txt');
      expect(info?.path).toBe('st/a.txt');
      expect(info?.size).toBe(6);
      expect(info?.modifiedAt).toBeInstanceOf(Date);
      expect(info!.modifiedAt.getTime()).toBeGreaterThanOrEqual(before - 2000);
      expect(info!.modifiedAt.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
      expect(await storage.stat('st/none.txt')).toBeUndefined();
    });

    it('lists recursively, sorted, by prefix', async () => {
      for (const path of ['docs/b.txt', 'docs/a.txt', 'docs/reports/2024/q1.csv', 'docs.txt', 'img/logo.png', 'z', 'ünï/çødé.txt']) {
        await storage.write(path, path);
      }
      expect(await storage.list()).toEqual([
        'docs.txt',
        'docs/a.txt',
        'docs/b.txt',
        'docs/reports/2024/q1.csv',
        'img/logo.png',
        'z',
        'ünï/çødé.txt',
      ]);
      expect(await storage.list('')).toHaveLength(7);
      expect(await storage.list('docs/')).toEqual(['docs/a.txt', 'docs/b.txt', 'docs/reports/2024/q1.csv']);
      expect(await storage.list('docs')).toEqual(['docs.txt', 'docs/a.txt', 'docs/b.txt', 'docs/reports/2024/q1.csv']);
      expect(await storage.list('docs/re')).toEqual(['docs/reports/2024/q1.csv']);
      expect(await storage.list('./docs//reports/')).toEqual(['docs/reports/2024/q1.csv']);
      expect(await storage.list('img/x/../')).toEqual(['img/logo.png']);
      expect(await storage.list('nothing/')).toEqual([]);
      expect(await storage.list('z/')).toEqual([]);
      expect((await storage.read('ünï/çødé.txt')).toString()).toBe('ünï/çødé.txt');
    });

    it('accepts names up to 255 bytes and paths up to 1024 bytes', async () => {
      const longest = ['a'.repeat(255), 'b'.repeat(255), 'c'.repeat(255), 'd'.repeat(255)].join('/');
      expect(Buffer.byteLength(longest)).toBe(1023);
      await storage.write(longest, 'deep');
      expect((await storage.read(longest)).toString()).toBe('deep');
      expect(await storage.list()).toEqual([longest]);
    });

    it('normalises paths: ./, //, and a .. that stays inside', async () => {
      await storage.write('./a//b/./c.txt', 'c');
      expect(await storage.exists('a/b/c.txt')).toBe(true);
      expect((await storage.read('a/x/../b/c.txt')).toString()).toBe('c');
      expect(await storage.list()).toEqual(['a/b/c.txt']);
    });

    it.each(ESCAPING_PATHS)('refuses %j for every operation', async (path, reason) => {
      await storage.write('inside.txt', 'safe');
      const operations: Array<() => Promise<unknown>> = [
        () => storage.write(path, 'evil'),
        () => storage.write(path, Readable.from(['evil'])),
        () => storage.read(path),
        () => storage.readStream(path),
        () => storage.exists(path),
        () => storage.delete(path),
        () => storage.stat(path),
      ];
      for (const operation of operations) {
        const attempt = operation();
        await expect(attempt).rejects.toThrow(StoragePathError);
        await expect(attempt).rejects.toThrow(reason);
      }
      expect(await storage.list()).toEqual(['inside.txt']);
    });

    it('the refusal names the path and the reason', async () => {
      const error = await storage.read('a/../../secret').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoragePathError);
      expect((error as StoragePathError).name).toBe('StoragePathError');
      expect((error as StoragePathError).path).toBe('a/../../secret');
      expect((error as Error).message).toBe(`Storage path "a/../../secret" is refused: its '..' segments leave the storage root`);
    });

    it('refuses list prefixes that escape the root', async () => {
      await expect(storage.list('../')).rejects.toThrow(StoragePathError);
      await expect(storage.list('/etc')).rejects.toThrow(StoragePathError);
      await expect(storage.list('a/../../')).rejects.toThrow(StoragePathError);
    });

    it('a file and a folder cannot share a name', async () => {
      await storage.write('f', 'file');
      await expect(storage.write('f/child.txt', 'x')).rejects.toThrow(/parent folder 'f' is a file/);
      await storage.write('folder/inner.txt', 'x');
      await expect(storage.write('folder', 'x')).rejects.toThrow(StoragePathError);
      await expect(storage.write('folder', 'x')).rejects.toThrow(/is a folder/);
      await expect(storage.read('folder')).rejects.toThrow(StorageNotFoundError);
      expect(await storage.exists('folder')).toBe(false);
      expect(await storage.stat('folder')).toBeUndefined();
      expect(await storage.delete('folder')).toBe(false);
      expect(await storage.delete('folder/inner.txt')).toBe(true);
      await storage.write('folder', 'now a file');
      expect((await storage.read('folder')).toString()).toBe('now a file');
      expect(await storage.list()).toEqual(['f', 'folder']);
    });
  });
}
