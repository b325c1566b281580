import * as path from 'node:path';
import { AcbConfig } from '@acb/config';
import { CacheAdapter, SqlAdapter } from '@acb/adapters';
import { EventPublisher } from '@acb/events';
import { Queue } from '@acb/queues';
import { ServiceRegistry } from '@acb/services';
import { Test } from '@nestjs/testing';
import { AcbModule } from '../src';

// The committed settings/ directory is what `npm start` boots on: every section must load, validate and start.

jest.setTimeout(30_000);

describe('AcbModule on the committed settings/', () => {
  it('loads every section and starts every system on the embedded defaults', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AcbModule.forRoot({
          settingsDir: path.join(__dirname, '..', '..', '..', 'settings'),
          env: {},
          logger: { level: 'fatal' },
          // NOTE: the file database of settings/sql.yml would be created in data/; the choice stays sqlite.
          adapters: { sql: { name: 'sqlite', settings: { database: ':memory:' } } },
        }),
      ],
    }).compile();
    const app = await moduleRef.init();
    try {
      const config = app.get(AcbConfig);
      expect(config.adapters).toMatchObject({ cache: 'memory', sql: 'sqlite', nosql: 'memory', storage: 'memory', monitoring: 'none' });
      expect(config.sectionNames()).toEqual(expect.arrayContaining(['app', 'debug', 'adapters', 'models', 'events', 'sql', 'cache']));
      expect(app.get(CacheAdapter).name).toBe('memory');
      expect(app.get(SqlAdapter).dialect).toBe('sqlite');
      expect((await app.get(EventPublisher).emit('sample.started', {})).handlers).toEqual([]);
      expect(app.get(Queue)).toBeDefined();
      expect(app.get(ServiceRegistry).list()).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
