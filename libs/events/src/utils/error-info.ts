import type { EventErrorInfo } from '../interfaces/emit-report.interface';

/** Turns anything thrown into plain data that survives JSON (reports, dead letters, Redis). */
export function toErrorInfo(error: unknown): EventErrorInfo {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: 'Error', message: typeof error === 'string' ? error : safeString(error) };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
