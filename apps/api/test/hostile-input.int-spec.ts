import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { describeWithServer } from '../../../test/servers';
import { startApiWith } from './support/start-api';

jest.setTimeout(60_000);

/** On PostgreSQL, values the database itself refuses are client errors: never a 5xx. */
describeWithServer('postgres', 'apps/api on PostgreSQL: hostile ids and strings never give a 5xx', (url) => {
  const name = `acb_api_hostile_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    app = await startApiWith({ app: { name: 'api-hostile-pg' }, adapters: { sql: 'postgres' }, sql: { url: target.toString() } });
  });

  afterAll(async () => {
    await app?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it.each(['2147483648', '99999999999', '-2147483649', '9007199254740993'])('GET /users/%s is a 400 or 404', async (id) => {
    const response = await http().get(`/users/${id}`);
    expect([400, 404]).toContain(response.status);
  });

  it('a NUL character anywhere is a 400', async () => {
    await http().post('/users').send({ email: 'nul@example.com', name: 'N\u0000UL' }).expect(400);
    await http().post('/users').send({ email: 'n\u0000ul@example.com', name: 'Nul' }).expect(400);
    await http().get('/users/1%00').expect(400);
    await http().get('/users?limit=1%00').expect(400);
  });

  it('a thousand hostile requests give no 5xx', async () => {
    const hostile = [
      () => http().get(`/users/${2 ** 31 + Math.floor(Math.random() * 1e9)}`),
      () => http().get('/users/-99999999999'),
      () => http().post('/users').send({ email: `x${Math.random()}@example.com`, name: 'bad\u0000name' }),
      () => http().post('/users').send({ email: '"<svg onload=alert(1)>"@example.com', name: 'X' }),
      () => http().post('/users').send({ email: 'ok@example.com', name: '<script>x</script>' }),
      () => http().get('/users?page=99999999999999999999&limit=1'),
    ];
    const statuses: number[] = [];
    for (let round = 0; round < 1000 / 50; round++) {
      const batch = await Promise.all(Array.from({ length: 50 }, (_, i) => hostile[(round * 50 + i) % hostile.length]()));
      statuses.push(...batch.map((response) => response.status));
    }
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });

  it('ordinary users still work', async () => {
    const created = await http().post('/users').send({ email: 'ann@example.com', name: 'Ann' }).expect(201);
    await http().get(`/users/${created.body.user.id}`).expect(200);
  });
});
