import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigMessages } from '../config.messages';
import { ConfigSourceError } from '../errors/config-source.error';
import { errorText, listFiles, type SettingsLocation } from './section-files.reader';

/**
 * Reads the secrets directory: one file per secret, the file name is the name, the content the value with
 * its trailing line breaks removed. Dotfiles are ignored; a missing directory holds no secrets.
 */
export function readSecrets(location: SettingsLocation): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const name of listFiles(location.dir)) {
    const file = join(location.label, name);
    try {
      secrets.set(name, readFileSync(join(location.dir, name), 'utf8').replace(/[\r\n]+$/, ''));
    } catch (error) {
      throw new ConfigSourceError(file, ConfigMessages.unreadable(file, errorText(error)));
    }
  }
  return secrets;
}
