/**
 * Where the integration tests find the real servers.
 *
 * `scripts/servers.sh start` starts private Redis, PostgreSQL and RabbitMQ instances on loopback and writes
 * their URLs to `.servers/env`; `test/integration.global-setup.js` loads that file into the environment.
 * In CI (`CI=true`) a missing server fails the run; on a laptop the suite is skipped with a loud warning.
 */
export type ServerName = 'redis' | 'postgres' | 'rabbitmq';

const ENV_NAMES: Record<ServerName, string> = {
  redis: 'TEST_REDIS_URL',
  postgres: 'TEST_POSTGRES_URL',
  rabbitmq: 'TEST_RABBITMQ_URL',
};

export function serverUrl(name: ServerName): string | undefined {
  const value = process.env[ENV_NAMES[name]];
  return value && value.length > 0 ? value : undefined;
}

function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

/**
 * `describe` that needs real servers. The body gets their URLs.
 * Missing in CI: the block fails. Missing on a laptop: the block is skipped and says so on stderr.
 */
export function describeWithServers(
  names: ServerName[],
  title: string,
  body: (urls: Record<ServerName, string>) => void,
): void {
  const missing = names.filter((name) => !serverUrl(name));
  if (missing.length === 0) {
    const urls = Object.fromEntries(names.map((name) => [name, serverUrl(name) as string])) as Record<ServerName, string>;
    describe(title, () => body(urls));
    return;
  }
  const reason = `${title}: needs ${missing.map((name) => `${name} (${ENV_NAMES[name]})`).join(', ')}; run 'scripts/servers.sh start' first`;
  if (isCi()) {
    describe(title, () => {
      it('has its servers', () => {
        throw new Error(`missing server in CI — ${reason}`);
      });
    });
    return;
  }
  process.stderr.write(`\n*** SKIPPED integration suite — ${reason} ***\n\n`);
  const skipped = describe.skip;
  skipped(title, () => body({} as Record<ServerName, string>));
}

export function describeWithServer(name: ServerName, title: string, body: (url: string) => void): void {
  describeWithServers([name], title, (urls) => body(urls[name]));
}
