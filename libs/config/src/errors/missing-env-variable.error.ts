import { ConfigMessages } from '../config.messages';
import { AcbConfigError } from './acb-config.error';

/** `${env:NAME}` names a variable that is not set and has no `:-default`. */
export class MissingEnvVariableError extends AcbConfigError {
  constructor(
    readonly variable: string,
    readonly source: string,
    readonly keyPath: string,
  ) {
    super(ConfigMessages.missingEnvVariable(variable, source, keyPath));
    this.name = 'MissingEnvVariableError';
  }
}
