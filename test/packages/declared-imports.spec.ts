import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * `npm run lint` refuses an import that the nearest package.json does not declare: a library's sources may import
 * only their own dependencies and peer dependencies (not the repository's dev dependencies), so what works in the
 * repository also works where the package is installed alone.
 */
const ROOT = join(__dirname, '..', '..');
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

function lint(filePath: string, code: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [ESLINT, '--stdin', '--stdin-filename', filePath, '--format', 'stylish'], {
    cwd: ROOT,
    input: code,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('declared imports', () => {
  it('fails on a package the library does not declare', () => {
    const result = lint('libs/common/src/probe.ts', "import { parse } from 'yaml';\nexport const probe = parse;\n");
    expect(result.status).toBe(1);
    expect(result.output).toContain("'yaml' should be listed in the project's dependencies");
  });

  it('fails on another ACB library the library does not declare', () => {
    const result = lint('libs/config/src/probe.ts', "import { AcbLogger } from '@acb/logger';\nexport const probe = AcbLogger;\n");
    expect(result.status).toBe(1);
    expect(result.output).toContain("'@acb/logger' should be listed in the project's dependencies");
  });

  it('fails on a dev dependency of the repository in published sources', () => {
    const result = lint('libs/events/src/probe.ts', "import supertest from 'supertest';\nexport const probe = supertest;\n");
    expect(result.status).toBe(1);
    expect(result.output).toContain("'supertest' should be listed in the project's dependencies");
  });

  it('accepts declared dependencies, peers and optional peers', () => {
    const code = "import type { Redis } from 'ioredis';\nimport { Injectable } from '@nestjs/common';\nimport { AcbLogger } from '@acb/logger';\nexport type Probe = [Redis, Injectable, AcbLogger];\n";
    const result = lint('libs/events/src/probe.ts', code);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });
});
