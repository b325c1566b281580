import { randomBytes } from 'node:crypto';
import { type Server, type Socket, connect as connectTcp, createServer } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import { Client } from 'pg';
import { describeWithServer } from '../../../test/servers';
import { AdapterConfigurationError } from '../src/errors/adapter-configuration.error';
import { NoSqlConnectionError } from '../src/nosql/errors/nosql-connection.error';
import { PostgresNoSqlAdapter } from '../src/nosql/postgres/postgres-nosql.adapter';
import { runNoSqlConformance } from './conformance/nosql.conformance';

const logger: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };
const appName = `nosql_pg_${randomBytes(4).toString('hex')}`;

describeWithServer('postgres', 'PostgresNoSqlAdapter (real PostgreSQL)', (url) => {
  const create = async (settings: Record<string, unknown> = {}, name = appName): Promise<PostgresNoSqlAdapter> => {
    const adapter = new PostgresNoSqlAdapter({ appName: name, settings: { postgres: { url, ...settings } }, logger });
    await adapter.connect();
    return adapter;
  };

  runNoSqlConformance('postgres', { create: () => create(), destroy: (adapter) => (adapter as PostgresNoSqlAdapter).close() });

  describe('storage layout and connection', () => {
    const table = `acb_docs_${randomBytes(4).toString('hex')}`;
    let admin: Client;

    beforeAll(async () => {
      admin = new Client({ connectionString: url });
      await admin.connect();
    });

    afterAll(async () => {
      await admin.query(`DROP TABLE IF EXISTS ${table}`);
      await admin.end();
    });

    it('creates its table when missing, keeps it (and its rows) on reconnect, namespaces by app name', async () => {
      const first = await create({ table });
      await first.collection('users').insertOne({ _id: 'u1', name: 'Ann' });
      await first.close();
      const again = await create({ table });
      expect(await again.collection('users').findOne({ _id: 'u1' })).toEqual({ _id: 'u1', name: 'Ann' });
      const other = await create({ table }, `${appName}_other`);
      expect(await other.collection('users').count()).toBe(0);
      const rows = await admin.query(`SELECT namespace, collection, id, doc FROM ${table}`);
      expect(rows.rows).toEqual([{ namespace: appName, collection: 'users', id: 'u1', doc: { _id: 'u1', name: 'Ann' } }]);
      await again.close();
      await other.close();
    });

    it('two adapters creating the same new table at once both succeed', async () => {
      const shared = `${table}_race`;
      try {
        const adapters = await Promise.all([create({ table: shared }), create({ table: shared }), create({ table: shared })]);
        await Promise.all(adapters.map((adapter) => adapter.close()));
      } finally {
        await admin.query(`DROP TABLE IF EXISTS ${shared}`);
      }
    });

    it('refuses an unsafe table name as a configuration error', () => {
      const build = () => new PostgresNoSqlAdapter({ appName, settings: { postgres: { url, table: 'x; DROP TABLE y' } }, logger });
      expect(build).toThrow(AdapterConfigurationError);
      expect(build).toThrow(/Invalid PostgreSQL table name 'x; DROP TABLE y'/);
      expect(new PostgresNoSqlAdapter({ appName, settings: { postgres: { url, table: 'app_data.docs' } }, logger }).table).toBe('app_data.docs');
    });

    it('ping reports the server down once it becomes unreachable (through a TCP proxy that is shut)', async () => {
      const target = new URL(url);
      const sockets = new Set<Socket>();
      const proxy: Server = createServer((client) => {
        const upstream = connectTcp(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => sockets.delete(socket));
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      const { port } = proxy.address() as { port: number };
      const errors: string[] = [];
      const adapter = new PostgresNoSqlAdapter({
        appName,
        settings: { postgres: { url: `postgres://${target.username}@127.0.0.1:${port}${target.pathname}`, pingTimeout: 1.5, connectTimeout: 1.5 } },
        logger: { ...logger, error: (message: string) => errors.push(message) },
      });
      try {
        await adapter.connect();
        await expect(adapter.ping()).resolves.toBeUndefined();
        await new Promise<void>((resolve) => {
          proxy.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        await expect(adapter.ping()).rejects.toThrow();
      } finally {
        await adapter.close();
        for (const socket of sockets) socket.destroy();
      }
    }, 30_000);

    it('fails to connect with an error naming host and port; ping fails when not connected', async () => {
      const adapter = new PostgresNoSqlAdapter({
        appName,
        settings: { postgres: { host: '127.0.0.1', port: 1, user: 'acb', database: 'acb', connectTimeout: 2 } },
        logger,
      });
      await expect(adapter.connect()).rejects.toThrow(NoSqlConnectionError);
      await expect(adapter.connect()).rejects.toThrow(/127\.0\.0\.1:1\/acb/);
      await expect(adapter.ping()).rejects.toThrow(/not connected/);
      expect(() => adapter.collection('x')).not.toThrow();
      await expect(adapter.collection('x').count()).rejects.toThrow(NoSqlConnectionError);
    });
  });
});
