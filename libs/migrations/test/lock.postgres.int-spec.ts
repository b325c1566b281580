import { describeWithServer } from '../../../test/servers';
import { openPostgres } from './support/databases';
import { lockSemantics } from './support/lock-semantics';

describeWithServer('postgres', 'migration lock on PostgreSQL (advisory lock)', (url) => {
  lockSemantics('postgres', () => openPostgres(url));
});
