import { ConfigMessages } from '../config.messages';
import { ConfigSourceError } from '../errors/config-source.error';
import { ForbiddenConfigKeyError } from '../errors/forbidden-config-key.error';
import { FORBIDDEN_KEYS } from '../config.constants';
import { Secret } from '../secret';
import { collectEnvOverrides, resolveKey } from './env-overrides';
import { interpolateString, interpolateTree, type InterpolationContext } from './interpolation';
import { assertSafeKeys, deepMerge, defineValue, describeType, isPlainObject, joinPath, type PlainObject } from './plain-object';
import { readSecrets } from './secrets.reader';
import { readSectionFiles, type SettingsLocation } from './section-files.reader';

/** Everything a load needs, resolved once from the module options. */
export interface SettingsSources {
  settings: SettingsLocation;
  secrets: SettingsLocation;
  envPrefix: string;
  values: Readonly<Record<string, unknown>>;
  env: Readonly<Record<string, string | undefined>>;
}

/** One section as merged from its sources, before validation. */
export interface RawSection {
  name: string;
  value: PlainObject;
  /** The section file, when there is one. */
  file?: string;
  /** Key path inside the section -> the source that last wrote it. */
  origins: Map<string, string>;
}

/** The merged result of one load. */
export interface RawSettings {
  sections: Map<string, RawSection>;
  /** Every secret of the secrets directory, by name. */
  secrets: Map<string, string>;
  /** Values of every Secret in the sections: composed ones (`postgres://u:${secret:pw}@h`), ones given in `values`. */
  secretsInUse: Set<string>;
}

/**
 * Reads and merges every source, lowest first: section files, then `values`, then `ACB_*` environment
 * overrides. References are resolved per source so that errors name the file or variable they come from.
 * `defaults` (default instances of the known settings classes) let overrides find property names.
 */
export function loadRawSettings(sources: SettingsSources, defaults: ReadonlyMap<string, object>): RawSettings {
  const secrets = readSecrets(sources.secrets);
  const sections = new Map<string, RawSection>();
  const context = (source: string): InterpolationContext => ({
    secrets,
    env: sources.env,
    secretsDir: sources.secrets.label,
    source,
  });
  const sectionFor = (name: string): RawSection => {
    let section = sections.get(name);
    if (!section) {
      section = { name, value: {}, origins: new Map() };
      sections.set(name, section);
    }
    return section;
  };
  const merge = (section: RawSection, value: PlainObject, source: string): void =>
    deepMerge(section.value, value, '', (path) => section.origins.set(path, source));

  for (const file of readSectionFiles(sources.settings).values()) {
    const section = sectionFor(file.section);
    section.file = file.file;
    merge(section, interpolateTree(file.value, context(file.file), file.section) as PlainObject, file.file);
  }

  const valuesSource = ConfigMessages.valuesSource();
  for (const name of Object.keys(sources.values)) {
    const value = sources.values[name];
    if (FORBIDDEN_KEYS.has(name)) throw new ForbiddenConfigKeyError(name, valuesSource, name);
    if (value === undefined) continue;
    if (!isPlainObject(value)) throw new ConfigSourceError(valuesSource, ConfigMessages.valuesNotAnObject(name, describeType(value)));
    assertSafeKeys(value, valuesSource, name);
    merge(sectionFor(name), interpolateTree(value, context(valuesSource), name) as PlainObject, valuesSource);
  }

  const knownSections = new Set([...sections.keys(), ...defaults.keys()]);
  for (const override of collectEnvOverrides(sources.env, sources.envPrefix)) {
    const source = ConfigMessages.envSource(override.variable);
    const [sectionSegment, ...keySegments] = override.segments;
    const name = resolveKey(sectionSegment ?? '', knownSections);
    const section = sectionFor(name);
    let node = section.value;
    let defaultNode: unknown = defaults.get(name);
    let path = '';
    keySegments.forEach((segment, index) => {
      const key = resolveKey(segment, [...Object.keys(node), ...ownKeys(defaultNode)]);
      path = joinPath(path, key);
      section.origins.set(path, source);
      defaultNode = isObject(defaultNode) ? (defaultNode as Record<string, unknown>)[key] : undefined;
      if (index === keySegments.length - 1) {
        // NOTE: the value stays text; a settings class converts it to its declared type (coerceToClass).
        defineValue(node, key, interpolateString(override.value, context(source), joinPath(name, path)));
        return;
      }
      const child = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
      if (isPlainObject(child)) {
        node = child;
      } else {
        const created: PlainObject = {};
        defineValue(node, key, created);
        node = created;
      }
    });
  }
  const secretsInUse = new Set<string>();
  for (const section of sections.values()) collectSecrets(section.value, secretsInUse);
  return { sections, secrets, secretsInUse };
}

function collectSecrets(value: unknown, into: Set<string>): void {
  if (value instanceof Secret) into.add(value.reveal());
  else if (Array.isArray(value)) value.forEach((item) => collectSecrets(item, into));
  else if (isPlainObject(value)) Object.values(value).forEach((item) => collectSecrets(item, into));
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

function ownKeys(value: unknown): string[] {
  return isObject(value) ? Object.keys(value as object) : [];
}
