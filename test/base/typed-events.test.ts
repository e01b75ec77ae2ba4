import { describe, expect, it } from 'vitest';
import { TypedEvents } from '../../electron/base/typed-events';
import { decodeJwtClaims } from '../../electron/base/jwt';

type Events = { tick: (n: number) => void; done: (why: string) => void };

describe('TypedEvents', () => {
  it('calls listeners in order, survives a throwing one, and stops after unsubscribe', () => {
    const errors: [string, unknown][] = [];
    const events = new TypedEvents<Events>((event, error) => errors.push([event, error]));
    const heard: string[] = [];
    const off = events.on('tick', (n) => heard.push(`a${n}`));
    events.on('tick', () => {
      throw new Error('boom');
    });
    events.on('tick', (n) => heard.push(`c${n}`));
    events.emit('tick', 1);
    off();
    events.emit('tick', 2);
    events.emit('done', 'nobody listens');
    expect(heard).toEqual(['a1', 'c1', 'c2']);
    expect(errors.map(([e]) => e)).toEqual(['tick', 'tick']);
  });

  it('does not call a listener added while emitting until the next event', () => {
    const events = new TypedEvents<Events>(() => undefined);
    const heard: number[] = [];
    events.on('tick', () => void events.on('tick', (n) => heard.push(n)));
    events.emit('tick', 1);
    events.emit('tick', 2);
    expect(heard).toEqual([2]);
  });
});

describe('decodeJwtClaims', () => {
  const jwt = (payload: string) => `h.${Buffer.from(payload).toString('base64url')}.s`;
  it('reads the payload object and refuses anything else', () => {
    expect(decodeJwtClaims(jwt('{"exp":5,"portfolios":"D1 D2"}'))).toEqual({ exp: 5, portfolios: 'D1 D2' });
    expect(decodeJwtClaims(jwt('[1]'))).toBeUndefined();
    expect(decodeJwtClaims(jwt('not json'))).toBeUndefined();
    expect(decodeJwtClaims('opaque')).toBeUndefined();
  });
});
