import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sqlAdapter } from './sql-app';
import { runSqlStoreSuite } from './sql-store.suite';

runSqlStoreSuite('SqlWorkflowStore on SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-wf-'));
  const { sql, close } = await sqlAdapter({ name: 'sqlite', settings: { database: path.join(dir, 'wf.sqlite') } });
  return {
    sql,
    close: async () => {
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
