import { join } from 'node:path';
import { tmpdir } from 'node:os';

/**
 * The settings directory of a test environment that reads no files: a path under the temp directory that nothing
 * creates (the config loader treats a missing directory as "no files", so every section has its defaults).
 */
export const NO_SETTINGS_DIR = join(tmpdir(), 'acb-testing-no-settings-directory');

/** The SQLite database of a test environment unless the settings name one. */
export const TEST_SQLITE_DATABASE = ':memory:';

/** The `app.name` of a test environment unless the settings name one. */
export const TEST_APP_NAME = 'acb-test';
