// NOTE: the configuration's real Secret type (a test-only import; the logger library does not depend on config).
import { Secret } from '@acb/config';
import { Writable } from 'node:stream';
import { AcbContext, createAcbLogger, LogRedactor, MemoryLogDestination, REDACTED } from '../src';


describe('AcbLogger (standalone)', () => {
  let out: MemoryLogDestination;

  beforeEach(() => {
    out = new MemoryLogDestination();
  });

  it('writes one JSON line per call with message, fields, level label, base fields and time', () => {
    const logger = createAcbLogger({ destination: out, base: { app: 'orders' } });
    logger.info('Processing request', { userId: 123, action: 'create' });

    expect(out.lines).toHaveLength(1);
    expect(out.lines[0].endsWith('\n')).toBe(true);
    const [line] = out.records();
    expect(line).toMatchObject({ level: 'info', msg: 'Processing request', userId: 123, action: 'create', app: 'orders' });
    expect(line.pid).toBe(process.pid);
    expect(typeof line.hostname).toBe('string');
    expect(typeof line.time).toBe('number');
  });

  it('filters by level and reports it', () => {
    const logger = createAcbLogger({ destination: out, level: 'warn' });
    logger.debug('hidden');
    logger.info('hidden too');
    logger.warn('shown');
    logger.error('shown too');

    expect(out.records().map((line) => line.msg)).toEqual(['shown', 'shown too']);
    expect(logger.level).toBe('warn');
    expect(logger.isLevelEnabled('info')).toBe(false);
    expect(logger.isLevelEnabled('error')).toBe(true);
  });

  it('defaults to info level', () => {
    const logger = createAcbLogger({ destination: out });
    logger.debug('hidden');
    logger.info('shown');
    expect(out.records().map((line) => line.msg)).toEqual(['shown']);
  });

  it('logs an Error given as fields under err, with its stack', () => {
    const logger = createAcbLogger({ destination: out });
    logger.error('Database error', new Error('connection refused'));

    const [line] = out.records();
    expect(line.level).toBe('error');
    expect(line.msg).toBe('Database error');
    expect(line.err.message).toBe('connection refused');
    expect(line.err.stack).toContain('connection refused');
  });

  it('adds child bindings to every line of the child only', () => {
    const logger = createAcbLogger({ destination: out });
    const child = logger.child({ context: 'OrdersService' });
    child.info('from child', { orderId: 'o-1' });
    logger.info('from parent');

    const [fromChild, fromParent] = out.records();
    expect(fromChild).toMatchObject({ context: 'OrdersService', orderId: 'o-1' });
    expect(fromParent.context).toBeUndefined();
  });

  it('carries the AcbContext bindings into every line, across awaits, also outside HTTP', async () => {
    const logger = createAcbLogger({ destination: out });
    await AcbContext.run({ taskId: 'task-7', correlationId: 'c-1' }, async () => {
      logger.info('task started');
      await new Promise((resolve) => setImmediate(resolve));
      await AcbContext.run({ stepId: 'charge' }, async () => logger.child({ context: 'Worker' }).info('nested'));
    });
    logger.info('outside');

    const [started, nested, outside] = out.records();
    expect(started).toMatchObject({ taskId: 'task-7', correlationId: 'c-1' });
    expect(nested).toMatchObject({ taskId: 'task-7', correlationId: 'c-1', stepId: 'charge', context: 'Worker' });
    expect(outside.taskId).toBeUndefined();
    expect(outside.stepId).toBeUndefined();
  });

  it('keeps the fields of the call over context bindings of the same name', () => {
    const logger = createAcbLogger({ destination: out });
    AcbContext.run({ eventId: 'from-context' }, () => logger.info('override', { eventId: 'from-call' }));
    expect(out.records()[0].eventId).toBe('from-call');
  });

  it('does not mutate the fields object passed by the caller', () => {
    const logger = createAcbLogger({ destination: out });
    const fields = { userId: 1 };
    AcbContext.run({ requestId: 'r-1' }, () => logger.info('call', fields));
    expect(fields).toEqual({ userId: 1 });
  });

  describe('time()', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('logs the label with durationMs and the fields, once', () => {
      const logger = createAcbLogger({ destination: out });
      const timer = logger.time('import batch', { batch: 3 });
      jest.advanceTimersByTime(250);
      const duration = timer.end({ rows: 42 });
      jest.advanceTimersByTime(100);
      expect(timer.end()).toBe(duration);

      expect(duration).toBeGreaterThanOrEqual(250);
      expect(duration).toBeLessThan(260);
      const lines = out.withMessage('import batch');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 'info', batch: 3, rows: 42, durationMs: duration });
    });
  });

  describe('redaction', () => {
    const SECRET = 's3cr3t-Pa55word';

    it('censors configured paths and the credential headers of request logs', () => {
      const logger = createAcbLogger({ destination: out, redactPaths: ['user.password', '*.token'] });
      logger.info('login', {
        user: { name: 'ann', password: 'hunter2' },
        session: { token: 'tok-123' },
        req: { headers: { authorization: 'Bearer abc', accept: 'json' } },
      });

      const [line] = out.records();
      expect(line.user).toEqual({ name: 'ann', password: REDACTED });
      expect(line.session.token).toBe(REDACTED);
      expect(line.req.headers).toEqual({ authorization: REDACTED, accept: 'json' });
      expect(out.text()).not.toContain('hunter2');
      expect(out.text()).not.toContain('tok-123');
    });

    it('prints Secret objects as [redacted]', () => {
      const logger = createAcbLogger({ destination: out });
      logger.info('connecting', { password: new Secret(SECRET) });
      expect(out.records()[0].password).toBe(REDACTED);
      expect(out.text()).not.toContain(SECRET);
    });

    it('never writes a known secret value, even when the caller logs secret.reveal() by mistake', async () => {
      const secret = new Secret(SECRET);
      const logger = createAcbLogger({ destination: out, redactValues: () => [SECRET] });

      logger.info(secret.reveal());
      logger.info('connecting', { password: secret.reveal(), attempts: 2 });
      logger.info('dsn', { url: `postgres://acb:${secret.reveal()}@db/acb`, nested: { list: ['ok', secret.reveal()] } });
      logger.error('failed', new Error(`auth failed for ${secret.reveal()}`));
      logger.child({ token: secret.reveal() }).info('child binding');
      await AcbContext.run({ correlationId: secret.reveal() }, async () => logger.info('context binding'));
      logger.info(`message with ${secret.reveal()} inside`);

      expect(out.lines).toHaveLength(7);
      for (const line of out.lines) expect(line).not.toContain(SECRET);
      const [message, fields, dsn, failure, child, context, inside] = out.records();
      expect(message.msg).toBe(REDACTED);
      expect(fields).toMatchObject({ msg: 'connecting', password: REDACTED, attempts: 2 });
      expect(dsn.url).toBe(REDACTED);
      expect(dsn.nested.list).toEqual(['ok', REDACTED]);
      expect(failure.err.message).toBe(REDACTED);
      expect(failure.err.stack).toBe(REDACTED);
      expect(child.token).toBe(REDACTED);
      expect(context.correlationId).toBe(REDACTED);
      expect(inside.msg).toBe(REDACTED);
    });

    it('redacts secrets that JSON has to escape, numeric look-alikes and keys', () => {
      const quoted = 'pa"ss\\word\nline';
      const logger = createAcbLogger({ destination: out, redactValues: () => [quoted, '987654321'] });
      logger.info('odd secrets', { quoted, pin: 987654321, [`key-${quoted}`]: 'value' });

      for (const line of out.lines) {
        expect(line).not.toContain(JSON.stringify(quoted).slice(1, -1));
        expect(line).not.toContain('987654321');
      }
      const [line] = out.records();
      expect(line.quoted).toBe(REDACTED);
      expect(line.pin).toBe(REDACTED);
      expect(line[REDACTED]).toBe('value');
    });

    it('leaves lines without secrets byte-for-byte intact', () => {
      const plain = new MemoryLogDestination();
      createAcbLogger({ destination: plain, base: { app: 'a' } }).info('same', { a: 1 });
      createAcbLogger({ destination: out, base: { app: 'a' }, redactValues: () => [SECRET] }).info('same', { a: 1 });
      const strip = (line: string) => line.replace(/"time":\d+,/, '');
      expect(strip(out.lines[0])).toBe(strip(plain.lines[0]));
    });

    it('picks up new secret values on refresh, ignores empty ones, and keeps old ones if the source throws', () => {
      let values: string[] = ['', 'first-secret'];
      const errors: unknown[] = [];
      const redactor = new LogRedactor(() => values, (error) => errors.push(error));
      const line = (fields: object) => JSON.stringify({ msg: 'm', ...fields }) + '\n';

      expect(redactor.size).toBe(1);
      expect(JSON.parse(redactor.scrub(line({ v: 'first-secret', w: 'second-secret', e: '' })))).toEqual({
        msg: 'm',
        v: REDACTED,
        w: 'second-secret',
        e: '',
      });

      values = ['second-secret'];
      redactor.refresh();
      expect(JSON.parse(redactor.scrub(line({ v: 'first-secret', w: 'second-secret' })))).toEqual({
        msg: 'm',
        v: 'first-secret',
        w: REDACTED,
      });

      values = null as unknown as string[];
      redactor.refresh();
      expect(errors).toHaveLength(1);
      expect(redactor.scrub(line({ w: 'second-secret' }))).not.toContain('second-secret');
    });
  });

  it('writes readable (non-JSON) lines in pretty mode', () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    const logger = createAcbLogger({ destination, pretty: true, level: 'debug', redactValues: () => ['pretty-secret'] });
    logger.debug('Cache hit', { key: 'user:1', ttl: 300, token: 'pretty-secret' });

    const text = chunks.join('');
    expect(text).toContain('Cache hit');
    expect(text).toContain('DEBUG');
    expect(text).toContain('user:1');
    expect(text).not.toContain('pretty-secret');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('builds independent loggers: separate destinations, levels and secrets', () => {
    const other = new MemoryLogDestination();
    const one = createAcbLogger({ destination: out, level: 'info', redactValues: () => ['only-one'] });
    const two = createAcbLogger({ destination: other, level: 'debug' });
    one.debug('one debug');
    two.debug('two debug', { v: 'only-one' });
    one.info('one info', { v: 'only-one' });

    expect(out.records().map((line) => [line.msg, line.v])).toEqual([['one info', REDACTED]]);
    expect(other.records().map((line) => [line.msg, line.v])).toEqual([['two debug', 'only-one']]);
  });
});
