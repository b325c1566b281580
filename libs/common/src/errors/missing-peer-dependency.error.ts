import { CommonMessages } from '../common.messages';

/** An optional peer dependency (a driver such as `pg` or `ioredis`) is needed by the selected settings but absent. */
export class MissingPeerDependencyError extends Error {
  override readonly name = 'MissingPeerDependencyError';

  constructor(
    readonly packageName: string,
    readonly usedBy: string,
    cause: unknown,
  ) {
    super(CommonMessages.missingPeer(packageName, usedBy, cause instanceof Error ? cause.message.split('\n')[0] : String(cause)));
  }
}
