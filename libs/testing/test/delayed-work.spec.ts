// Pattern 6 — time-based behaviour with jest fake timers: delayed tasks and retry backoffs stay invisible until the
// clock is advanced, then drainQueues runs them; nothing waits for real time.
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbTask, Queue } from '@acb/queues';
import { AcbTestingModule, drainQueues } from '@acb/testing';

@Injectable()
class Reminders {
  readonly sent: string[] = [];
  failuresLeft = 1;

  @AcbTask('send_reminder', { maxRetries: 2, backoff: { type: 'fixed', delayMs: 60_000, jitter: 0 } })
  async send(payload: { to: string }): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('mail server busy');
    }
    this.sent.push(payload.to);
  }
}

describe('delayed tasks and retries with fake timers', () => {
  let moduleRef: TestingModule;

  beforeEach(async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    moduleRef = await Test.createTestingModule({
      imports: [AcbTestingModule.forRoot({ queues: true })],
      providers: [Reminders],
    }).compile();
    await moduleRef.init();
  });

  afterEach(async () => {
    await moduleRef.close();
    jest.useRealTimers();
  });

  it('runs a task enqueued for later only once the clock reaches it, and its retry after the backoff', async () => {
    const reminders = moduleRef.get(Reminders);
    const handle = await moduleRef.get(Queue).enqueueIn(3600, 'send_reminder', { to: 'ann@example.com' });

    expect(await drainQueues(moduleRef)).toBe(0);
    await jest.advanceTimersByTimeAsync(3600 * 1000);
    expect(await drainQueues(moduleRef)).toBe(1); // first attempt fails, the retry waits 60 s
    expect(reminders.sent).toEqual([]);

    await jest.advanceTimersByTimeAsync(59_000);
    expect(await drainQueues(moduleRef)).toBe(0);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await drainQueues(moduleRef)).toBe(1);

    expect(reminders.sent).toEqual(['ann@example.com']);
    expect(await moduleRef.get(Queue).getTask(handle)).toMatchObject({ status: 'completed', attempts: 2 });
  });
});
