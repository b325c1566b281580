import { Secret } from '@acb/config';
import { redactConnectionOptions, redactCredentials, redactedErrorMessage } from '../src';

describe('redactCredentials', () => {
  it.each([
    ['redis://:s3cret@127.0.0.1:6390/0', 'redis://[redacted]@127.0.0.1:6390/0'],
    ['redis://default:s3cret@cache:6379', 'redis://default:[redacted]@cache:6379'],
    ['rediss://s3cret@cache', 'rediss://[redacted]@cache'],
    ['amqp://guest:s3cret@mq:5672/vhost', 'amqp://guest:[redacted]@mq:5672/vhost'],
    ['postgres://app:p@ss:w0rd@db:5432/shop', 'postgres://app:[redacted]@db:5432/shop'],
    ['postgresql://db/shop?user=app&password=s3cret&ssl=1', 'postgresql://db/shop?user=app&password=[redacted]&ssl=1'],
    ['host=db user=app password=s3cret dbname=shop', 'host=db user=app password=[redacted] dbname=shop'],
    ['connect ECONNREFUSED redis://u:s3cret@h:1 (retrying)', 'connect ECONNREFUSED redis://u:[redacted]@h:1 (retrying)'],
    ['two: redis://:a1@h amqp://b:c2@h', 'two: redis://[redacted]@h amqp://b:[redacted]@h'],
    ['no credentials: redis://127.0.0.1:6379, user@example.com', 'no credentials: redis://127.0.0.1:6379, user@example.com'],
  ])('%s', (text, expected) => {
    expect(redactCredentials(text)).toBe(expected);
    expect(redactCredentials(text)).not.toMatch(/s3cret|p@ss|a1@|c2@/);
  });

  it('redacts the credentials of connection options, also nested and as Secrets', () => {
    const options = {
      host: 'db',
      port: 5432,
      password: 's3cret',
      url: 'redis://:s3cret@h:1',
      tls: { passphrase: 'x', key: new Secret('k') },
      nested: [{ token: 't0k' }],
      empty: '',
    };
    const safe = redactConnectionOptions(options);
    expect(safe).toEqual({
      host: 'db',
      port: 5432,
      password: '[redacted]',
      url: 'redis://[redacted]@h:1',
      tls: { passphrase: 'x', key: '[redacted]' },
      nested: [{ token: '[redacted]' }],
      empty: '',
    });
    expect(options.password).toBe('s3cret');
  });

  it('redacts the message of anything thrown', () => {
    expect(redactedErrorMessage(new Error('bad url amqp://u:s3cret@h'))).toBe('bad url amqp://u:[redacted]@h');
    expect(redactedErrorMessage('redis://:s3cret@h')).toBe('redis://[redacted]@h');
  });
});
