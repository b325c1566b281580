import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { FORBIDDEN_KEYS, SETTINGS_FILE_EXTENSIONS } from '../config.constants';
import { ConfigMessages } from '../config.messages';
import { ConfigSourceError } from '../errors/config-source.error';
import { ConfigSyntaxError } from '../errors/config-syntax.error';
import { ForbiddenConfigKeyError } from '../errors/forbidden-config-key.error';
import { assertSafeKeys, describeType, isPlainObject, type PlainObject } from './plain-object';

/** One parsed section file. */
export interface SectionFile {
  section: string;
  /** The path shown in messages (settingsDir as given + file name). */
  file: string;
  value: PlainObject;
}

/** A settings directory: where to read and how to name it in messages. */
export interface SettingsLocation {
  dir: string;
  label: string;
}

/** Lists the section files of a directory (`<section>.yml` / `.yaml`); a missing directory has none. */
export function listSectionFiles(dir: string): string[] {
  return listFiles(dir).filter((name) => SETTINGS_FILE_EXTENSIONS.includes(extname(name)) && sectionOf(name).length > 0);
}

/** Plain file names of a directory, dotfiles excluded, sorted; [] when the directory does not exist. */
export function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw new ConfigSourceError(dir, ConfigMessages.unreadable(dir, errorText(error)));
  }
}

/** Reads and parses every section file of the directory. */
export function readSectionFiles(location: SettingsLocation): Map<string, SectionFile> {
  const sections = new Map<string, SectionFile>();
  for (const name of listSectionFiles(location.dir)) {
    const section = sectionOf(name);
    const file = join(location.label, name);
    if (FORBIDDEN_KEYS.has(section)) throw new ForbiddenConfigKeyError(section, file, section);
    const previous = sections.get(section);
    if (previous) {
      throw new ConfigSourceError(file, ConfigMessages.duplicateSectionFile(section, [previous.file, file]));
    }
    sections.set(section, { section, file, value: parseSectionFile(join(location.dir, name), file, section) });
  }
  return sections;
}

/**
 * Parses one YAML file into a section object. An empty file is an empty section. A file holding a single key
 * named like its section (`workflows.yml` with `workflows:` at the top, as in the seed) is unwrapped.
 * Anchors, aliases (at most 100, against alias bombs) and `<<` merge keys are supported.
 */
export function parseSectionText(text: string, file: string, section: string): PlainObject {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, merge: true, lineCounter });
  const [first] = document.errors;
  if (first) {
    const position = lineCounter.linePos(first.pos[0]);
    const reason =
      first.code === 'DUPLICATE_KEY'
        ? ConfigMessages.duplicateKey(keyAt(text, first.pos[0]))
        : (first.message.split('\n')[0] ?? first.message);
    throw new ConfigSyntaxError(file, position.line, position.col, reason);
  }
  const value: unknown = document.toJS({ maxAliasCount: 100 });
  if (value === null || value === undefined) return {};
  if (!isPlainObject(value)) throw new ConfigSourceError(file, ConfigMessages.notAMapping(file, describeType(value)));
  assertSafeKeys(value, file, section);
  const keys = Object.keys(value);
  const only = keys.length === 1 ? value[section] : undefined;
  if (isPlainObject(only)) return only;
  return value;
}

/** The mapping key written at `offset` (plain or quoted), for naming a duplicate. */
function keyAt(text: string, offset: number): string {
  const match = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n]+?)\s*:/.exec(text.slice(offset));
  return (match?.[1] ?? text.slice(offset).split('\n')[0] ?? '').trim();
}

function parseSectionFile(path: string, file: string, section: string): PlainObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigSourceError(file, ConfigMessages.unreadable(file, errorText(error)));
  }
  return parseSectionText(text, file, section);
}

function sectionOf(fileName: string): string {
  return fileName.slice(0, fileName.length - extname(fileName).length);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The message of an unknown thrown value. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
