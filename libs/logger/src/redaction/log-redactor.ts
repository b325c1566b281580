import { REDACTED } from '../logger.constants';

/**
 * Replaces known secret values in serialized log lines.
 *
 * The hot path is one `String.prototype.includes` per known secret per line. Only a line that contains a secret is
 * parsed, every string (and number) holding a secret is replaced by `[redacted]` as a whole, and the line is
 * serialized again.
 */
export class LogRedactor {
  private secrets: readonly string[] = [];
  /** How each secret appears inside a JSON line (escaped), plus its raw spelling when that differs. */
  private needles: readonly string[] = [];

  constructor(
    private readonly source: (() => readonly string[]) | undefined,
    private readonly onSourceError: (error: unknown) => void = () => undefined,
  ) {
    this.refresh();
  }

  /** Re-reads the secret values from the source (after a config reload). */
  refresh(): void {
    if (!this.source) return;
    let secrets: string[];
    try {
      secrets = [...new Set(this.source().filter((value) => typeof value === 'string' && value.length > 0))];
    } catch (error) {
      this.onSourceError(error);
      return;
    }
    // NOTE: longest first, so a secret that contains a shorter one is matched whole by the fallback replacement.
    secrets.sort((a, b) => b.length - a.length);
    const needles = new Set<string>();
    for (const secret of secrets) {
      needles.add(secret);
      needles.add(JSON.stringify(secret).slice(1, -1));
    }
    this.secrets = secrets;
    this.needles = [...needles];
  }

  /** How many distinct secret values are known. */
  get size(): number {
    return this.secrets.length;
  }

  /** The serialized line with every secret removed (the same string when it holds none). */
  scrub(line: string): string {
    const needles = this.needles;
    for (let i = 0; i < needles.length; i += 1) {
      if (line.includes(needles[i])) return this.scrubSlow(line);
    }
    return line;
  }

  /** Whether `value` equals or contains a known secret. */
  containsSecret(value: string): boolean {
    const secrets = this.secrets;
    for (let i = 0; i < secrets.length; i += 1) {
      if (value.includes(secrets[i])) return true;
    }
    return false;
  }

  private scrubSlow(line: string): string {
    const newline = line.endsWith('\n') ? '\n' : '';
    let result: string;
    try {
      result = JSON.stringify(this.scrubValue(JSON.parse(line))) + newline;
    } catch {
      result = line;
    }
    // NOTE: a secret can still straddle JSON syntax (e.g. a value like `":"`); cut it out of the text itself.
    for (const needle of this.needles) {
      if (result.includes(needle)) result = result.split(needle).join(REDACTED);
    }
    return result;
  }

  private scrubValue(value: unknown): unknown {
    if (typeof value === 'string') return this.containsSecret(value) ? REDACTED : value;
    if (typeof value === 'number') return this.containsSecret(String(value)) ? REDACTED : value;
    if (Array.isArray(value)) return value.map((item) => this.scrubValue(item));
    if (value !== null && typeof value === 'object') {
      // NOTE: a null prototype, so a `__proto__` key in a line stays a plain key.
      const out: Record<string, unknown> = Object.create(null);
      for (const [key, item] of Object.entries(value)) {
        out[this.containsSecret(key) ? REDACTED : key] = this.scrubValue(item);
      }
      return out;
    }
    return value;
  }
}
