import { AcbConfigError } from './acb-config.error';

/**
 * A settings source has the wrong shape: a file that is not a mapping, an unreadable file, two files for one
 * section, a `values` entry that is not an object, a malformed environment override.
 */
export class ConfigSourceError extends AcbConfigError {
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigSourceError';
  }
}
