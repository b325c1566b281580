import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSqlite } from './support/databases';
import { lockSemantics } from './support/lock-semantics';

describe('migration lock on a SQLite file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-migrations-lock-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  lockSemantics('sqlite', () => openSqlite(path.join(dir, `db-${++n}.sqlite`)));
});
