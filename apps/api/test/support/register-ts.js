// Lets a child `node` process run the TypeScript sources directly (process-level tests of apps/*):
// `node -r apps/api/test/support/register-ts.js apps/api/src/main.ts`.
// .ts files are compiled in memory with @swc/core (the repo's .swcrc) and `@acb/<lib>` resolves to libs/<lib>/src.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../../..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
delete swcrc.jsc.baseUrl;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAcbAlias(request, parent, ...rest) {
  const match = /^@acb\/([a-z-]+)$/.exec(request);
  const target = match ? path.join(root, 'libs', match[1], 'src', 'index.ts') : request;
  return resolveFilename.call(this, target, parent, ...rest);
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcrc, filename, swcrc: false, sourceMaps: 'inline' });
  module._compile(code, filename);
};
