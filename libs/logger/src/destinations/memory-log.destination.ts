import type { DestinationStream } from 'pino';

/**
 * A log destination that keeps every line in memory: pass it as `destination` to capture and assert on what an
 * application logs (tests, the testing library), without mocking the logger.
 *
 * @example
 * const out = new MemoryLogDestination();
 * AcbLoggerModule.forRoot({ destination: out });
 * expect(out.withMessage('order placed')[0].requestId).toBeDefined();
 */
export class MemoryLogDestination implements DestinationStream {
  /** The raw lines, newline included, in order. */
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  /** Every line parsed as JSON (JSON output only, not pretty). */
  records(): Array<Record<string, any>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, any>);
  }

  /** The parsed lines whose `msg` equals `message`. */
  withMessage(message: string): Array<Record<string, any>> {
    return this.records().filter((record) => record.msg === message);
  }

  /** Everything written, as one string. */
  text(): string {
    return this.lines.join('');
  }

  clear(): void {
    this.lines.length = 0;
  }
}
