#!/usr/bin/env node
import { runMigrateCli } from './migrate-cli';

// The `acb-migrate` bin: exits with 0 (done), 1 (a migration or check failed), 2 (bad command line).
runMigrateCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
