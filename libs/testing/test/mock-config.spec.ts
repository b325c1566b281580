import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, Min } from 'class-validator';
import { AcbConfig, ConfigValidationError } from '@acb/config';
import { mockConfig } from '@acb/testing';

class RetrySettings {
  @IsInt()
  @Min(0)
  attempts: number = 3;
}

@Injectable()
class RetryPolicy {
  constructor(private readonly config: AcbConfig) {}
  attempts(): number {
    return this.config.section('retry', RetrySettings).attempts;
  }
  label(): string {
    return `${this.config.app.name}@${this.config.app.environment}`;
  }
}

describe('mockConfig', () => {
  it('builds a real AcbConfig from values alone, with the built-in defaults for the rest', () => {
    const config = mockConfig({ app: { name: 'shop' }, retry: { attempts: 5 } });
    expect(config).toBeInstanceOf(AcbConfig);
    expect(config.app.name).toBe('shop');
    expect(config.app.port).toBe(3000);
    expect(config.adapters.cache).toBe('memory');
    expect(new RetryPolicy(config).attempts()).toBe(5);
  });

  it('reads no settings file and no variable of the test process', () => {
    process.env.ACB_APP__NAME = 'leaked';
    try {
      expect(mockConfig().app.name).toBe('acb-app');
      expect(mockConfig({}, { env: { ACB_APP__NAME: 'given' } }).app.name).toBe('given');
    } finally {
      delete process.env.ACB_APP__NAME;
    }
  });

  it('validates values like settings files', () => {
    expect(() => mockConfig({ app: { port: -1 } })).toThrow(ConfigValidationError);
    expect(() => mockConfig({ retry: { attempts: -1 } }, { sections: { retry: RetrySettings } })).toThrow(/retry\.attempts/);
  });

  it('can be spied on and provided to a testing module', async () => {
    const config = mockConfig({ app: { name: 'shop', environment: 'test' } });
    const section = jest.spyOn(config, 'section');
    const moduleRef = await Test.createTestingModule({ providers: [RetryPolicy, { provide: AcbConfig, useValue: config }] }).compile();

    const policy = moduleRef.get(RetryPolicy);
    expect(policy.attempts()).toBe(3);
    expect(policy.label()).toBe('shop@test');
    expect(section).toHaveBeenCalledWith('retry', RetrySettings);

    section.mockReturnValueOnce({ attempts: 9 });
    expect(policy.attempts()).toBe(9);
    await moduleRef.close();
  });
});
