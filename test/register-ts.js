// Lets a child `node` process run the TypeScript sources directly — the process-level tests (apps' SIGTERM,
// queue fault tests, cross-process events) start in well under a second without a build step:
//   node -r <repo>/test/register-ts.js some/entry.ts
// .ts files are compiled in memory with @swc/core and the repo's .swcrc (what jest uses), and `@acb/<lib>` resolves
// to libs/<lib>/src as tsconfig.json's paths say.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const options = { ...swcrc, sourceMaps: 'inline', jsc: { ...swcrc.jsc, baseUrl: root }, swcrc: false, configFile: false };

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAcbAlias(request, parent, ...rest) {
  const match = /^@acb\/([a-z-]+)$/.exec(request);
  const target = match ? path.join(root, 'libs', match[1], 'src') : request;
  return resolveFilename.call(this, target, parent, ...rest);
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
