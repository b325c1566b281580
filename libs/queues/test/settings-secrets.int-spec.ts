import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbConfig, AcbConfigModule } from '@acb/config';
import { AcbQueuesModule, AcbTask, Queue, Worker, queueOptionsFromSettings } from '../src';
import { describeWithServers } from '../../../test/servers';
import { startPrivateRedis, type PrivateRedis } from '../../adapters/test/private-redis.fixture';
import { createSettingsDir, type SettingsDir } from '../../config/test/settings-dir';

jest.setTimeout(60_000);

const REDIS_PASSWORD = 'queue-pw-7b1e';

@Injectable()
class Jobs {
  readonly ran: number[] = [];
  @AcbTask('secret_job')
  run(payload: { n: number }) {
    this.ran.push(payload.n);
  }
}

/**
 * `${secret:...}` in the queue's url, username and password reaches the connection (it used to arrive as an empty
 * string, and the queue silently connected to localhost without a password). Real servers: a password-protected
 * private Redis, and the shared RabbitMQ with its real credentials coming from secret files.
 */
describeWithServers(['redis', 'rabbitmq'], 'queue connection settings from ${secret:...} (real Secret, real servers)', (urls) => {
  let redis: PrivateRedis;
  let settings: SettingsDir | undefined;
  const modules: TestingModule[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis({ password: REDIS_PASSWORD });
  });

  afterEach(async () => {
    for (const module of modules.splice(0)) await module.close();
    settings?.cleanup();
  });

  afterAll(() => redis.kill());

  async function runOneTask(adaptersYml: string, secrets: Record<string, string>): Promise<number[]> {
    settings = createSettingsDir({ 'adapters.yml': adaptersYml }, secrets);
    const module = await Test.createTestingModule({
      imports: [
        AcbConfigModule.forRoot({ settingsDir: settings.dir, env: {} }),
        AcbQueuesModule.forRootAsync({
          inject: [AcbConfig],
          useFactory: (config: AcbConfig) => queueOptionsFromSettings(config.adapters.queue, { runWorker: false }),
        }),
      ],
      providers: [Jobs],
    }).compile();
    module.useLogger(false);
    modules.push(module);
    await module.init();
    await module.get(Queue).enqueue('secret_job', { n: 7 });
    for (let i = 0; i < 200 && module.get(Jobs).ran.length === 0; i++) {
      await module.get(Worker).processAll();
      if (module.get(Jobs).ran.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return module.get(Jobs).ran;
  }

  it('redis: password from a secret', async () => {
    const prefix = `acb-secret-${randomUUID().slice(0, 8)}`;
    const yml = `queue:\n  backend: redis\n  prefix: ${prefix}\n  redis:\n    host: 127.0.0.1\n    port: ${redis.port}\n    password: \${secret:redis_pw}\n`;
    expect(await runOneTask(yml, { redis_pw: REDIS_PASSWORD })).toEqual([7]);
  });

  it('redis: the whole url from a secret', async () => {
    const prefix = `acb-secret-${randomUUID().slice(0, 8)}`;
    const yml = `queue:\n  backend: redis\n  prefix: ${prefix}\n  redis:\n    url: redis://:\${secret:redis_pw}@127.0.0.1:${redis.port}/0\n`;
    expect(await runOneTask(yml, { redis_pw: REDIS_PASSWORD })).toEqual([7]);
  });

  it('rabbitmq: username and password from secrets', async () => {
    const amqp = new URL(urls.rabbitmq);
    const prefix = `acb-secret-${randomUUID().slice(0, 8)}`;
    const yml = `queue:\n  backend: rabbitmq\n  prefix: ${prefix}\n  rabbitmq:\n    host: ${amqp.hostname}\n    port: ${amqp.port}\n    username: \${secret:mq_user}\n    password: \${secret:mq_pw}\n`;
    const secrets = { mq_user: decodeURIComponent(amqp.username), mq_pw: decodeURIComponent(amqp.password) };
    expect(await runOneTask(yml, secrets)).toEqual([7]);
    // NOTE: the broker's guest account is also amqplib's default for an empty user: check what reached the options.
    const config = new AcbConfig({ settingsDir: (settings as SettingsDir).dir, env: {} });
    expect(queueOptionsFromSettings(config.adapters.queue).connection).toMatchObject({ username: secrets.mq_user, password: secrets.mq_pw });
  });

  it('rabbitmq: url with a secret inside', async () => {
    const amqp = new URL(urls.rabbitmq);
    const prefix = `acb-secret-${randomUUID().slice(0, 8)}`;
    const yml = `queue:\n  backend: rabbitmq\n  prefix: ${prefix}\n  rabbitmq:\n    url: amqp://${amqp.username}:\${secret:mq_pw}@${amqp.host}\n`;
    expect(await runOneTask(yml, { mq_pw: decodeURIComponent(amqp.password) })).toEqual([7]);
  });

  it('a connection error names the server, never the password', async () => {
    settings = createSettingsDir(
      { 'adapters.yml': `queue:\n  backend: redis\n  redis:\n    url: redis://:\${secret:redis_pw}@127.0.0.1:${redis.port}:x/0\n` },
      { redis_pw: REDIS_PASSWORD },
    );
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    let failure: unknown;
    try {
      const module = await Test.createTestingModule({ imports: [AcbQueuesModule.forRoot(queueOptionsFromSettings(config.adapters.queue, { runWorker: false }))] }).compile();
      modules.push(module);
      await module.init();
    } catch (error) {
      failure = error;
    }
    // NOTE: not toBeInstanceOf(Error): node's URL errors come from another realm than jest's sandbox.
    const error = failure as Error;
    expect(error.message).toMatch(/invalid url/i);
    expect(`${error.message}\n${error.stack}\n${require('node:util').inspect(error, { depth: 5 })}`).not.toContain(REDIS_PASSWORD);
  });
});
