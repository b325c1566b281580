import { describeWithServer } from '../../../test/servers';
import { openPostgres } from './support/databases';
import { runnerSemantics } from './support/runner-semantics';

describeWithServer('postgres', 'MigrationRunner on PostgreSQL', (url) => {
  runnerSemantics(() => openPostgres(url));
});
