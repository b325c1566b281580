import { ConfigMessages } from '../config.messages';
import { AcbConfigError } from './acb-config.error';

/** `${secret:NAME}` names no file of the secrets directory. */
export class UnknownSecretError extends AcbConfigError {
  constructor(
    readonly secretName: string,
    readonly source: string,
    readonly keyPath: string,
    readonly secretsDir: string,
  ) {
    super(ConfigMessages.unknownSecret(secretName, source, keyPath, secretsDir));
    this.name = 'UnknownSecretError';
  }
}
