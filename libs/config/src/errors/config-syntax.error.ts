import { ConfigMessages } from '../config.messages';
import { AcbConfigError } from './acb-config.error';

/** A settings file is not valid YAML. Carries the file and the 1-based line and column of the first error. */
export class ConfigSyntaxError extends AcbConfigError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(ConfigMessages.yamlSyntax(file, line, column, reason));
    this.name = 'ConfigSyntaxError';
  }
}
