import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Deeper than this, input is refused as well (nobody sends that much nesting in good faith). */
const MAX_DEPTH = 64;

/**
 * Global pipe of the sample API: a NUL character (`\u0000`) in any string of a body, query or route parameter —
 * keys included — is a 400 naming where it is. PostgreSQL cannot store NUL in text and answers with an error that
 * would otherwise surface as a 500; no route needs it.
 */
@Injectable()
export class RefuseNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    // NOTE: strings and primitives (most parameters) are checked without building the error path first.
    if (typeof value === 'string' ? !value.includes('\u0000') : value === null || typeof value !== 'object') return value;
    const where = findNul(value, metadata.data ? `${metadata.type}.${metadata.data}` : metadata.type, 0);
    if (where) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${where} contains a NUL character (\\u0000), which is not allowed` });
    return value;
  }
}

function findNul(value: unknown, path: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key.includes('\u0000')) return `${path} (a key)`;
    const found = findNul((value as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
