import { EventEmitter2 } from 'eventemitter2';
import { matchEventPattern } from '../src';

describe('matchEventPattern', () => {
  const patterns = ['user.*', 'user.**', '**', '*', 'user.created', 'a.**.z', '*.created', 'a.*.*'];
  const names = ['user', 'user.created', 'user.a.b', 'x', 'a.z', 'a.b.c.z', 'acb.event.failed', 'a.b.c'];

  it('agrees with EventEmitter2 wildcard matching on every pattern/name pair', () => {
    const emitter = new EventEmitter2({ wildcard: true, delimiter: '.', maxListeners: 0 });
    const owner = new Map<(...args: unknown[]) => void, string>();
    for (const pattern of patterns) {
      const listener = () => undefined;
      owner.set(listener, pattern);
      emitter.on(pattern, listener);
    }
    for (const name of names) {
      const expected = (emitter.listeners(name) as Array<(...args: unknown[]) => void>).map((l) => owner.get(l)).sort();
      const actual = patterns.filter((pattern) => matchEventPattern(pattern, name)).sort();
      expect({ name, matched: actual }).toEqual({ name, matched: expected });
    }
  });
});
