import { openSqlite } from './support/databases';
import { runnerSemantics } from './support/runner-semantics';

describe('MigrationRunner on SQLite', () => {
  runnerSemantics(() => openSqlite());
});
