// Issue 16: no retry loop can write tens of thousands of lines a minute again. Resubscribes back
// off per feed, and an adapter's warnings are limited per message.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { Logger } from '../../../electron/base/log';
import { DataFeed } from '../../../electron/venues/alor/adapter/ws';
import { RetryGate, limitedLogger } from '../../../electron/venues/common/retry-limit';

function countingLog() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message, fields) => lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) }),
    error: (message, fields) => lines.push({ level: 'error', message, ...(fields ? { fields } : {}) }),
  };
  return { log, lines };
}

class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  sent: Record<string, unknown>[] = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
}

describe('retry loops back off', () => {
  afterEach(() => vi.useRealTimers());

  it('10,000 refused ALOR book frames cause one resubscribe, not 10,000', async () => {
    // The clock is frozen: on a loaded machine the 10,000 frames took longer than the first backoff
    // slot, and a second slot's resubscribe made the count depend on the machine's speed.
    vi.useFakeTimers();
    const { log, lines } = countingLog();
    const feed = new DataFeed({
      log: limitedLogger(log),
      sink: { frame() {}, bindStream() {}, unbindStream() {}, resetBook() {}, trade() {} },
      exchange: 'MOEX',
      board: 'TQBR',
      portfolio: 'D1',
      depth: 5,
      frequencyMs: 25,
      tradesHistory: 0,
      staleAfterMs: 60_000,
      token: async () => 'tok',
      changed() {},
      refused() {},
      count() {},
      order() {},
      stop() {},
      fill() {},
      position() {},
    });
    const ws = new FakeSocket();
    feed.attach(ws as unknown as WebSocket);
    await feed.subscribe({ key: 'book:SBER', kind: 'book', market: 'SBER' });
    const guid = ws.sent[0]!.guid as string;
    for (let i = 0; i < 10_000; i++) ws.emit('message', Buffer.from(`{"guid":"${guid}","data":`), false);
    await vi.advanceTimersByTimeAsync(20);
    const subscribes = ws.sent.filter((m) => m.opcode === 'OrderBookGetAndSubscribe');
    expect(subscribes.length).toBeLessThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(20);
    feed.detach();
  });

  it('RetryGate runs the first retry at once and coalesces the rest into one per growing slot', () => {
    let now = 0;
    let ran = 0;
    const gate = new RetryGate({ initialMs: 100, maxMs: 1000, random: () => 1 }, () => now);
    expect(gate.request('k', () => ran++)).toBe(true);
    for (let i = 0; i < 1000; i++) gate.request('k', () => ran++);
    expect(ran).toBe(1);
    expect(gate.waiting()).toBe(1);
    gate.succeeded('k');
    expect(gate.waiting()).toBe(0);
    now = 10;
    expect(gate.request('k', () => ran++)).toBe(true);
    // Quiet for long enough: the next fault is retried at once again.
    now = 200_000;
    expect(gate.request('k', () => ran++)).toBe(true);
    gate.clear();
  });

  it('an adapter logger writes at most 10 lines a minute per message and says how many it left out', () => {
    let now = 0;
    const { log, lines } = countingLog();
    const limited = limitedLogger(log, 10, 60_000, () => now);
    for (let i = 0; i < 50_000; i++) limited.warn('malformed frame dropped', { i });
    expect(lines).toHaveLength(10);
    now = 60_000;
    limited.warn('malformed frame dropped', { i: -1 });
    expect(lines.at(-1)!.fields).toMatchObject({ suppressedBefore: 49_990 });
  });
});
