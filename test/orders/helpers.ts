import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlaceOrderInput } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import { addLogSink, type LogRecord } from '../../electron/base/log';
import { OrderManager, type OrderManagerOptions } from '../../electron/orders/manager';
import { FakeAdapter, MARKET } from './fake/adapter';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'crossbook-orders-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Rig {
  manager: OrderManager;
  adapters: Record<VenueId, FakeAdapter>;
  journalPath: string;
  /** A fresh manager over the same journal and venues: a restart. */
  restart(extra?: Partial<OrderManagerOptions>): Promise<OrderManager>;
  cleanup(): Promise<void>;
}

export async function rig(
  opts: Partial<OrderManagerOptions> = {},
  adapters?: Record<VenueId, FakeAdapter>,
): Promise<Rig> {
  const { dir, cleanup } = tempDir();
  const journalPath = join(dir, 'orders.journal');
  const venues = adapters ?? {
    paxos: new FakeAdapter('paxos'),
    finery: new FakeAdapter('finery'),
    alor: new FakeAdapter('alor'),
  };
  const make = (extra: Partial<OrderManagerOptions> = {}) =>
    new OrderManager({
      journalPath,
      adapters: Object.values(venues),
      commandTimeoutMs: 2000,
      retryBaseMs: 5,
      // Most tests are about the order lifecycle, not limits (safe-defaults.test.ts tests those).
      initialLimits: { shipped: false, defaults: {}, instruments: [] },
      ...opts,
      ...extra,
    });
  const r: Rig = {
    manager: make(),
    adapters: venues,
    journalPath,
    async restart(extra) {
      await r.manager.close();
      r.manager = make(extra);
      await r.manager.start();
      return r.manager;
    },
    async cleanup() {
      await r.manager.close();
      cleanup();
    },
  };
  for (const a of Object.values(venues)) await a.connect();
  await r.manager.start();
  return r;
}

export function limit(
  venue: VenueId,
  side: 'buy' | 'sell',
  size: string,
  price: string,
  extra: Partial<PlaceOrderInput> = {},
): PlaceOrderInput {
  return {
    venue,
    market: MARKET[venue],
    side,
    type: 'limit',
    size,
    price,
    oneClick: false,
    confirm: false,
    ...extra,
  };
}

/** Places and returns the client order id, failing the test on anything but acceptance. */
export async function placed(m: OrderManager, input: PlaceOrderInput): Promise<string> {
  const r = await m.place(input);
  if (r.status !== 'accepted') throw new Error(`expected acceptance, got ${JSON.stringify(r)}`);
  return r.order.clientOrderId;
}

/** Lets queued promise callbacks and zero-delay timers run. */
export async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, ms));
}

/** Waits (bounded) for a condition driven by async work. */
export async function until(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function captureLogs(): { records: LogRecord[]; stop: () => void } {
  const records: LogRecord[] = [];
  const stop = addLogSink((_line, rec) => records.push(rec));
  return { records, stop };
}
