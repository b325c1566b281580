import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The settings directory of a process: `ACB_SETTINGS_DIR`, else `settings/profiles/<ACB_PROFILE>` (e.g.
 * `ACB_PROFILE=distributed`), else undefined (`settings/`). Shared by apps/api and apps/worker.
 * @throws Error for a profile name that is not a plain word or has no directory.
 */
export function settingsDirFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  if (env.ACB_SETTINGS_DIR) return env.ACB_SETTINGS_DIR;
  const profile = env.ACB_PROFILE;
  if (!profile) return undefined;
  const dir = join('settings', 'profiles', profile);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(profile) || !existsSync(dir)) {
    throw new Error(`ACB_PROFILE=${JSON.stringify(profile)}: no settings directory ${dir} (known: distributed)`);
  }
  return dir;
}
