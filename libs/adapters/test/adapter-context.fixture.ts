import type { LoggerService } from '@nestjs/common';
import type { AdapterContext } from '../src/interfaces/adapter-context.interface';

/** A logger that keeps what it was told, for assertions. */
export function recordingLogger(): LoggerService & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: unknown) => {
    lines.push(`${level}: ${String(message)}`);
  };
  return { lines, log: record('log'), error: record('error'), warn: record('warn'), debug: record('debug'), verbose: record('verbose') };
}

/** The context the adapters module would hand an implementation. */
export function adapterContext(settings: Record<string, unknown> = {}, appName = 'acb-test'): AdapterContext {
  return { appName, settings, logger: recordingLogger() };
}
