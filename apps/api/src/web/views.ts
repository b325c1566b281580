import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import hbs from 'hbs';
import { WebMessages } from './web.messages';

/**
 * apps/api/views, from the sources (`apps/api/src/web`) or the build (`dist/apps/api/src/web`), else from the
 * working directory (the repository root, where `npm start` runs).
 */
export function viewsDir(): string {
  const candidates = [resolve(__dirname, '../../views'), resolve(__dirname, '../../../../../apps/api/views'), resolve(process.cwd(), 'apps/api/views')];
  const found = candidates.find((dir) => existsSync(join(dir, 'layout.hbs')));
  if (!found) throw new Error(WebMessages.viewsMissing(candidates));
  return found;
}

let configured = false;

/** Registers the partials (views/partials/*.hbs) and helpers once per process. */
export function configureHandlebars(dir: string): typeof hbs {
  if (configured) return hbs;
  const partials = join(dir, 'partials');
  for (const file of readdirSync(partials).filter((name) => name.endsWith('.hbs'))) {
    hbs.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
  }
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('lower', (value: unknown) => String(value ?? '').toLowerCase());
  hbs.registerHelper('date', (value: unknown) => (value ? new Date(value as string).toISOString().replace('T', ' ').slice(0, 19) : ''));
  hbs.registerHelper('money', (cents: unknown) => (Number(cents) / 100).toFixed(2));
  hbs.registerHelper('fieldError', (fields: Record<string, string> | undefined, name: string) => fields?.[name] ?? '');
  configured = true;
  return hbs;
}
