import { SqlAdapter } from '@acb/adapters';
import { MemoryLogDestination } from '@acb/logger';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';

jest.setTimeout(120_000);

const STACK = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|\.js:\d+:\d+/;
const SCRIPT_VECTORS = /<script|onerror|onload|onclick|javascript:|<iframe|<svg/i;

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** The hostile payloads: wrong types, huge strings, prototype keys, deep nesting, HTML and SQL. */
const PAYLOADS: unknown[] = [
  {},
  [],
  'a string',
  42,
  null,
  { title: 123, body: ['x'] },
  { title: { $gt: '' }, body: { toString: 'x' } },
  { title: 'x'.repeat(300), body: 'y'.repeat(30_000) },
  JSON.parse('{"__proto__":{"isAdmin":true},"title":"proto","body":"<p>x</p>"}'),
  { constructor: { prototype: { polluted: true } }, title: 'ctor', body: 'x' },
  { title: '<script>alert(1)</script>', body: '<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">x</a><svg onload=alert(4)>' },
  { title: "Robert'); DROP TABLE posts;--", body: "' OR 1=1 --" },
  { email: "' OR 1=1 --", password: "' OR '1'='1", name: '<b>x</b>' },
  { email: 'a@b.c', password: 'p'.repeat(10_000) },
  { items: [{ sku: '<script>', quantity: -1, unitPriceCents: 1e300 }] },
  { items: [{ sku: 'BOOK-ACB', quantity: '1; DROP TABLE orders', unitPriceCents: '0x10' }] },
  { items: 'not-an-array' },
  { items: Array.from({ length: 500 }, () => ({ sku: 'A', quantity: 1, unitPriceCents: 1 })) },
  { posts: [{ title: '<script>x</script>', body: '<iframe src=//evil>' }], extra: true },
  { posts: nested(200) },
  nested(2000),
];

const UNSAFE_ROUTES = ['/register', '/login', '/logout', '/posts', '/posts/import', '/orders', '/api/auth/register', '/api/auth/login', '/api/auth/logout', '/api/posts', '/api/posts/import', '/api/orders', '/api/operations/dead-letters/x/retry', '/operations/dead-letters/x/retry'];
const SAFE_ROUTES = ['/', '/posts?page=-1', '/posts?page=__proto__', '/posts/0', '/posts/99999999999999999999', '/posts/1%00', '/posts/%3Cscript%3E', '/orders/1', '/orders/abc/workflow', '/operations', '/operations/runs/..%2F..%2Fetc', '/api/posts?page[$gt]=1', '/api/posts/-1', '/api/orders/1', '/api/operations/runs/<x>', '/login?next=//evil.example', '/assets/..%2F..%2Fpackage.json', '/docs-json'];

describe('apps/api product: 1,000 hostile requests across every route', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppModule.forRoot(
          { settingsDir: '/nonexistent/acb-api-hostile-settings', values: { app: { name: 'api-hostile' }, sql: { database: ':memory:' } }, env: {}, logger: { destination: new MemoryLogDestination() } },
          { demo: true },
        ),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(() => app.close());

  it('answers no 5xx, never a stack, and stores no script', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.post('/api/auth/login').send({ email: 'demo@example.com', password: 'demo-password' }).expect(200);
    const csrf = login.body.csrfToken as string;
    const sessions = [
      { cookie: undefined, csrf: undefined },
      { cookie: 'acb_sid=forged-session-id', csrf: 'forged' },
      { cookie: `acb_sid=${'A'.repeat(43)}`, csrf: csrf },
      { cookie: `acb_sid=${'x'.repeat(5000)}`, csrf: undefined },
      { cookie: 'signed-in', csrf: undefined },
      { cookie: 'signed-in', csrf },
      { cookie: 'signed-in', csrf: `${csrf.slice(0, -1)}A` },
    ];
    const answers: Array<{ method: string; path: string; status: number; body: string }> = [];
    // A seeded generator: every run sends the same 1,000 combinations of session, route, payload and encoding.
    let seed = 13;
    const pick = <T>(list: readonly T[]): T => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return list[((t ^ (t >>> 14)) >>> 0) % list.length]!;
    };
    let n = 0;
    while (answers.length < 1000) {
      const batch: Array<Promise<void>> = [];
      for (let i = 0; i < 25 && answers.length + batch.length < 1000; i++, n++) {
        const session = pick(sessions);
        const unsafe = pick([true, true, true, false]);
        const path = unsafe ? pick(UNSAFE_ROUTES) : pick(SAFE_ROUTES);
        const payload = pick(PAYLOADS);
        const form = pick([true, false, false]);
        // NOTE: the signed-in session must survive the run, so its log-outs go out anonymous.
        const client = session.cookie === 'signed-in' && !path.endsWith('logout') ? agent : request(app.getHttpServer());
        let req = unsafe ? client.post(path) : client.get(path);
        if (session.cookie && session.cookie !== 'signed-in') req = req.set('cookie', session.cookie);
        if (session.csrf) req = req.set('x-csrf-token', session.csrf);
        if (pick([true, false])) req = req.set('accept', 'text/html');
        if (unsafe) {
          if (form && payload && typeof payload === 'object' && !Array.isArray(payload)) req = req.type('form').send(flatForm(payload as Record<string, unknown>));
          else if (pick([1, 2, 3, 4, 5, 6, 7]) === 7) req = req.set('content-type', 'application/json').send('{"broken": ');
          else req = req.set('content-type', 'application/json').send(JSON.stringify(payload));
        }
        batch.push(req.then((response) => void answers.push({ method: unsafe ? 'POST' : 'GET', path, status: response.status, body: response.text ?? '' })));
      }
      await Promise.all(batch);
    }

    // The run reached the handlers, not only the CSRF check: some hostile posts and orders were accepted.
    expect(answers.filter((answer) => ['/posts', '/api/posts'].includes(answer.path) && [201, 303].includes(answer.status)).length).toBeGreaterThan(0);
    const serverErrors = answers.filter((answer) => answer.status >= 500).map((answer) => `${answer.method} ${answer.path} ${answer.status} ${answer.body.slice(0, 200)}`);
    expect(serverErrors).toEqual([]);
    expect(answers.filter((answer) => STACK.test(answer.body)).map((answer) => `${answer.method} ${answer.path}: ${answer.body.slice(0, 300)}`)).toEqual([]);

    // Whatever got stored is free of script vectors, in the database and in the pages that show it.
    const sql = app.get(SqlAdapter);
    const posts = await sql.fetchAll<{ id: number; title: string; body_html: string; author_name: string }>('SELECT id, title, body_html, author_name FROM posts');
    expect(posts.length).toBeGreaterThan(3);
    expect(posts.filter((post) => SCRIPT_VECTORS.test(post.body_html))).toEqual([]);
    const users = await sql.fetchAll<{ name: string }>('SELECT name FROM users');
    expect(users.filter((user) => /[<>]/.test(user.name))).toEqual([]);
    for (const post of posts) {
      const page = await request(app.getHttpServer()).get(`/posts/${post.id}`).set('accept', 'text/html').expect(200);
      expect(page.text.replace('<script src="/assets/htmx.min.js" defer></script>', '')).not.toMatch(SCRIPT_VECTORS);
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** A payload as form fields (nested values as JSON text, as a browser would send them). */
function flatForm(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value) ?? '']));
}
