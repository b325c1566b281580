// Loads .servers/env (written by `scripts/servers.sh start`) into the environment of the integration run,
// unless the variables are already set (CI exports them). In CI, all three servers are required.
const fs = require('node:fs');
const path = require('node:path');

module.exports = async function globalSetup() {
  const envFile = path.join(__dirname, '..', '.servers', 'env');
  if (fs.existsSync(envFile)) {
    for (const line of fs.readFileSync(envFile, 'utf8').split('\n')) {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (match && !process.env[match[1]]) process.env[match[1]] = match[2];
    }
  }
  const names = ['TEST_REDIS_URL', 'TEST_POSTGRES_URL', 'TEST_RABBITMQ_URL'];
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length === 0) return;
  const message = `integration servers missing: ${missing.join(', ')} — run 'scripts/servers.sh start'`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${message} (required in CI)`);
  process.stderr.write(`\n*** ${message}; suites that need them are SKIPPED ***\n\n`);
};
