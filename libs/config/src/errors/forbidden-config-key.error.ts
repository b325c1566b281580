import { ConfigMessages } from '../config.messages';
import { AcbConfigError } from './acb-config.error';

/** A settings source used `__proto__`, `constructor` or `prototype` as a key. */
export class ForbiddenConfigKeyError extends AcbConfigError {
  constructor(
    readonly key: string,
    readonly source: string,
    readonly keyPath: string,
  ) {
    super(ConfigMessages.forbiddenKey(key, source, keyPath));
    this.name = 'ForbiddenConfigKeyError';
  }
}
