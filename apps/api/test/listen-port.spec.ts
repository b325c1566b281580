import { listenPort } from '../src/listen-port';

describe('listenPort', () => {
  it('uses app.port when PORT is unset or blank', () => {
    expect(listenPort(undefined, 3000)).toBe(3000);
    expect(listenPort('  ', 3000)).toBe(3000);
  });

  it('lets PORT win', () => {
    expect(listenPort('8080', 3000)).toBe(8080);
    expect(listenPort('0', 3000)).toBe(0);
  });

  it('rejects a PORT that is not a port, naming the value', () => {
    expect(() => listenPort('http', 3000)).toThrow('PORT must be an integer from 0 to 65535, got "http"');
    expect(() => listenPort('70000', 3000)).toThrow(/70000/);
    expect(() => listenPort('80.5', 3000)).toThrow(/80\.5/);
  });
});
