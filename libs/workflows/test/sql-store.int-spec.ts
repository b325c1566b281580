import { describeWithServer } from '../../../test/servers';
import { isolatedPostgresUrl, sqlAdapter } from './sql-app';
import { runSqlStoreSuite } from './sql-store.suite';

jest.setTimeout(60_000);

describeWithServer('postgres', 'workflow store on a real server', (url) => {
  runSqlStoreSuite('SqlWorkflowStore on PostgreSQL', async () =>
    sqlAdapter({ name: 'postgres', settings: { url: await isolatedPostgresUrl(url), poolSize: 4 } }),
  );
});
