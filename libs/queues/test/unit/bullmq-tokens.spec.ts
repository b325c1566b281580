import { Injectable } from '@nestjs/common';
import { getQueueToken as getNestBullQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import { AcbQueuesModule, InjectQueue, Queue, getQueueToken } from '@acb/queues';
import { getBullQueueToken } from '../../src/interop/bullmq-queue.providers';

@Injectable()
class AsksForReports {
  constructor(@InjectQueue('reports') readonly reports: Queue) {}
}

describe("@nestjs/bullmq's tokens of ACB queues (no Redis: the registration rules)", () => {
  it("spells @nestjs/bullmq's getQueueToken, and differs from ACB's own token", () => {
    for (const name of ['reports', 'default', 'a:b', '']) expect(getBullQueueToken(name)).toBe(getNestBullQueueToken(name));
    expect(getQueueToken('reports')).not.toBe(getNestBullQueueToken('reports'));
  });

  it('registers none with forRoot on memory (the tokens stay free for BullModule queues)', async () => {
    const app = await Test.createTestingModule({ imports: [AcbQueuesModule.forRoot({ queues: ['reports'] })], providers: [AsksForReports] }).compile();
    try {
      expect(app.get(AsksForReports).reports).toBeInstanceOf(Queue);
      expect(() => app.get(getNestBullQueueToken('reports'))).toThrow();
    } finally {
      await app.close();
    }
  });

  it('holds undefined under forRootAsync on a backend without BullMQ queues', async () => {
    const app = await Test.createTestingModule({
      imports: [AcbQueuesModule.forRootAsync({ useFactory: () => ({ backend: 'memory' as const }) })],
      providers: [AsksForReports],
    }).compile();
    try {
      expect(app.get(getNestBullQueueToken('reports'))).toBeUndefined();
      expect(app.get(getNestBullQueueToken('default'))).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
