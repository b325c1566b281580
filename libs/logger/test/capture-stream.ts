import type { DestinationStream } from 'pino';

/** A pino destination that keeps every written line, for assertions. */
export class CaptureStream implements DestinationStream {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  /** Every line parsed as JSON. */
  records(): Array<Record<string, any>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, any>);
  }

  /** The parsed lines whose `msg` equals `message`. */
  withMessage(message: string): Array<Record<string, any>> {
    return this.records().filter((record) => record.msg === message);
  }

  text(): string {
    return this.lines.join('');
  }
}
