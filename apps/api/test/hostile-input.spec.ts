import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { startApiWith } from './support/start-api';

jest.setTimeout(30_000);

/** What an attacker sends to the sample API on the embedded defaults (SQLite): refused with 400, never stored. */
describe('apps/api refuses hostile input and sends security headers', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startApiWith({ app: { name: 'api-hostile-test' }, sql: { database: ':memory:' } });
  });

  afterAll(() => app.close());

  it.each([
    ['a script tag', '<script>alert(1)</script>'],
    ['an event handler attribute', 'Ann <img src=x onerror=alert(1)>'],
    ['a lone angle bracket', 'a > b'],
    ['a control character', 'Ann\u0007'],
  ])('refuses %s in name with a 400 naming the field, storing nothing', async (_label, name) => {
    const response = await http().post('/users').send({ email: 'ann@example.com', name }).expect(400);
    expect(JSON.stringify(response.body)).toMatch(/name must be plain text/);
    expect((await http().get('/users').expect(200)).body.total).toBe(0);
  });

  it.each([
    ['markup in a quoted local part', '"<script>alert(1)</script>"@example.com'],
    ['a quoted local part', '"ann"@example.com'],
    ['markup around an address', '<ann@example.com>'],
  ])('refuses %s in email', async (_label, email) => {
    const response = await http().post('/users').send({ email, name: 'Ann' }).expect(400);
    expect(JSON.stringify(response.body)).toMatch(/email/);
  });

  it.each([
    ['in a body field', { email: 'ann@example.com', name: 'A\u0000nn' }],
    ['in a body key', { email: 'ann@example.com', name: 'Ann', ['x\u0000']: 1 }],
  ])('refuses a NUL character %s with a 400', async (_label, body) => {
    const response = await http().post('/users').send(body).expect(400);
    expect(response.body.message).toMatch(/NUL character/);
  });

  it('refuses a NUL character in a query string and a route parameter with a 400', async () => {
    await http().get('/users?page=1%00').expect(400);
    await http().get('/users/1%00').expect(400);
  });

  it('accepts ordinary names and addresses', async () => {
    await http().post('/users').send({ email: 'o.brien+tag@example.com', name: "Seán O'Brien-Łukasz" }).expect(201);
  });

  it("sends helmet's security headers on API and error responses", async () => {
    for (const response of [await http().get('/users').expect(200), await http().get('/users/999999').expect(404)]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});
