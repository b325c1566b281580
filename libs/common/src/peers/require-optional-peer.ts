import { MissingPeerDependencyError } from '../errors/missing-peer-dependency.error';

/**
 * Loads an optional peer dependency (a driver) the first time the settings select what needs it.
 * Import the package's types with `import type` and its code through this function, so an application that does not
 * select, say, the postgres adapter never needs `pg` installed.
 *
 * ```ts
 * const { Pool } = requireOptionalPeer<typeof import('pg')>('pg', 'the postgres sql adapter', () => require('pg'));
 * ```
 * Pass `load` so the `require` runs from the calling package: under strict installs (pnpm) each package sees only
 * its own dependencies and peers.
 * @throws MissingPeerDependencyError naming the package to install when it cannot be found.
 */
export function requireOptionalPeer<T>(packageName: string, usedBy: string, load: () => unknown = () => require(packageName)): T {
  try {
    return load() as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const notFound = code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(`'${packageName}'`);
    if (notFound) throw new MissingPeerDependencyError(packageName, usedBy, error);
    throw error;
  }
}
