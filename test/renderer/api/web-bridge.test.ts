// @vitest-environment happy-dom
// The web bridge tells the window at once when the host goes away, keeps trying, and on its own
// subscribes every stream still wanted again once the host is back.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectWebBridge, RECONNECT_DELAYS_MS } from '../../../renderer/src/api/web-bridge';

class FakeSocket {
  static all: FakeSocket[] = [];
  binaryType = '';
  sent: string[] = [];
  private listeners = new Map<string, ((e: unknown) => void)[]>();
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  addEventListener(type: string, fn: (e: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  send(text: string) {
    this.sent.push(text);
  }
  fire(type: string, e: unknown = {}) {
    for (const fn of this.listeners.get(type) ?? []) fn(e);
  }
}

const location = { protocol: 'http:', host: '127.0.0.1:1' } as Location;
const messages = (s: FakeSocket) =>
  s.sent.map((t) => JSON.parse(t) as { t: string; id: number; stream?: string });

describe('web bridge reconnection', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reports closed at once, reconnects by itself and resubscribes the streams still wanted', async () => {
    const bridge = connectWebBridge(location, 'tok');
    const states: string[] = [];
    bridge.onStateChange((s) => states.push(s));
    const beats: unknown[] = [];
    const errors: string[] = [];
    bridge.subscribe(
      'system.heartbeat',
      {},
      (e) => beats.push(e),
      (e) => errors.push(e.code),
    );
    const dropped = bridge.subscribe('venues.status', {}, () => {});
    const first = FakeSocket.all[0]!;
    first.fire('open');
    expect(messages(first).map((m) => m.stream)).toEqual(['system.heartbeat', 'venues.status']);
    dropped();
    const pendingCall = bridge.invoke('app.info', {});

    first.fire('close');
    expect(states).toEqual(['open', 'closed']);
    expect(errors).toEqual(['UNAVAILABLE']);
    await expect(pendingCall).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(FakeSocket.all).toHaveLength(1);

    vi.advanceTimersByTime(RECONNECT_DELAYS_MS[0]!);
    const second = FakeSocket.all[1]!;
    expect(second.url).toContain('token=tok');
    second.fire('close'); // host not back yet: try again later, without a second error
    expect(errors).toEqual(['UNAVAILABLE']);
    vi.advanceTimersByTime(RECONNECT_DELAYS_MS[1]!);
    const third = FakeSocket.all[2]!;
    third.fire('open');
    expect(states.at(-1)).toBe('open');
    const resubscribed = messages(third).filter((m) => m.t === 'sub');
    expect(resubscribed.map((m) => m.stream)).toEqual(['system.heartbeat']);
    third.fire('message', { data: JSON.stringify({ t: 'ev', id: resubscribed[0]!.id, data: { at: 1 } }) });
    expect(beats).toEqual([{ at: 1 }]);
  });
});
