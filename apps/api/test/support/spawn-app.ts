import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** A child process running one of the apps' TypeScript entry points, with its stdout lines collected. */
export class SpawnedApp {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private buffer = '';
  private readonly listeners = new Set<(line: string) => void>();

  constructor(entry: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'register-ts.js'), join(ROOT, entry)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      const parts = this.buffer.split('\n');
      this.buffer = parts.pop() ?? '';
      for (const line of parts) {
        if (line.length === 0) continue;
        this.lines.push(line);
        for (const listener of this.listeners) listener(line);
      }
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Every stdout line parsed as JSON; throws on a line that is not. */
  records(): Array<Record<string, any>> {
    return this.lines.map((line) => JSON.parse(line) as Record<string, any>);
  }

  /** Resolves with the first JSON line matching `predicate`; rejects after `timeoutMs` or if the process exits. */
  async waitForLine(predicate: (record: Record<string, any>) => boolean, timeoutMs: number): Promise<Record<string, any>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records().find(predicate);
      if (found) return found;
      if (this.child.exitCode !== null) throw new Error(`process exited (${this.child.exitCode}): ${this.stderr.join('')}`);
      if (Date.now() > deadline) throw new Error(`no matching line within ${timeoutMs} ms:\n${this.lines.join('\n')}\n${this.stderr.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Resolves with the next JSON line (written after this call) matching `predicate`, in the stdout handler itself, so
   * the caller acts on it within a few ms of the process writing it; rejects after `timeoutMs` or if the process exits.
   */
  nextLine(predicate: (record: Record<string, any>) => boolean, timeoutMs: number): Promise<Record<string, any>> {
    return new Promise((resolve, reject) => {
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        this.child.off('exit', onExit);
        settle();
      };
      const listener = (line: string) => {
        const record = JSON.parse(line) as Record<string, any>;
        if (predicate(record)) done(() => resolve(record));
      };
      const onExit = () => done(() => reject(new Error(`process exited (${this.child.exitCode}): ${this.stderr.join('')}`)));
      const timer = setTimeout(() => done(() => reject(new Error(`no matching line within ${timeoutMs} ms`))), timeoutMs);
      this.listeners.add(listener);
      this.child.once('exit', onExit);
    });
  }

  /** Sends `signal` and resolves with how the process ended, or rejects after `timeoutMs` (then kills it). */
  async stop(signal: NodeJS.Signals, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    return this.waitForExit(timeoutMs);
  }

  async waitForExit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`process still running ${timeoutMs} ms after the signal`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the process if a test left it running. */
  async dispose(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}
