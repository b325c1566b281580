import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { AcbAdaptersModule, SqlAdapter, type AdapterChoice } from '@acb/adapters';
import { AcbConfigModule } from '@acb/config';
import { MigrationRunner } from '@acb/migrations';
import { WORKFLOW_MIGRATIONS } from '../src';
import { MemoryLogger } from './fixtures';

/** A sql adapter built the way an application builds it (config + adapters module), with the workflow tables migrated. */
export async function sqlAdapter(choice: AdapterChoice): Promise<{ sql: SqlAdapter; close: () => Promise<void> }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AcbConfigModule.forRoot({ settingsDir: `/nonexistent-${randomUUID()}`, env: {}, values: { app: { name: 'acb-workflows-test' } } }),
      AcbAdaptersModule.forRoot({ sql: choice, categories: ['sql'], connectAttempts: 3, connectDelayMs: 200 }),
    ],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  const sql = moduleRef.get(SqlAdapter);
  await new MigrationRunner({ sql, migrations: [...WORKFLOW_MIGRATIONS], logger: new MemoryLogger() }).migrate();
  return { sql, close: () => moduleRef.close() };
}

/** A PostgreSQL URL whose connections use a fresh schema (tests never see each other's tables). */
export async function isolatedPostgresUrl(url: string): Promise<string> {
  const schema = `wf_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const { Client } = require('pg') as typeof import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
