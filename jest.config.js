// Jest projects stand for the seed's pytest markers: `unit` (no server, fast) and `integration` (real Redis,
// PostgreSQL and RabbitMQ on loopback, see scripts/servers.sh). The seed's `benchmark` marker is `npm run bench`:
// bench/*.bench.ts are plain node scripts (bench/run.js), not jest tests.
const fs = require('node:fs');
const path = require('node:path');

const swcConfig = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcConfig.$schema;

const libs = fs.readdirSync(path.join(__dirname, 'libs'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swcConfig] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: Object.fromEntries(libs.map((lib) => [`^@acb/${lib}$`, `<rootDir>/libs/${lib}/src`])),
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test', '<rootDir>/bench'].filter((root) =>
    fs.existsSync(root.replace('<rootDir>', __dirname)),
  ),
};

module.exports = {
  collectCoverageFrom: ['libs/*/src/**/*.ts', 'apps/*/src/**/*.ts', '!**/index.ts', '!**/*.interface.ts'],
  coverageDirectory: 'coverage',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/timeouts.unit.js'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/integration.global-setup.js',
      setupFilesAfterEnv: ['<rootDir>/test/timeouts.integration.js'],
    },
  ],
};
