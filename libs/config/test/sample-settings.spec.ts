import { join } from 'node:path';
import { AcbConfig } from '../src';

describe('the sample settings/ of the repository', () => {
  const config = new AcbConfig({ settingsDir: join(__dirname, '..', '..', '..', 'settings'), env: {} });

  it('load and validate with the embedded defaults', () => {
    expect(config.app).toMatchObject({ name: 'acb-app', version: '0.1.0', host: '127.0.0.1', port: 3000 });
    expect(config.debug).toMatchObject({ enabled: false, level: 'info' });
    expect(config.adapters).toMatchObject({ cache: 'memory', sql: 'sqlite', nosql: 'memory', storage: 'memory', monitoring: 'none' });
    expect(config.adapters.queue).toMatchObject({ backend: 'memory', workers: { concurrency: 10, maxRetries: 3 } });
    expect(config.models).toMatchObject({ typeorm: true, classValidator: true });
  });

  it('hold the four base sections', () => {
    expect(config.sectionNames()).toEqual(expect.arrayContaining(['adapters', 'app', 'debug', 'models']));
  });
});
