// The /ws data connection (alor.md §4–5). Each subscription request carries a fresh token and a
// new guid; book frames are recognised by their guid with indexOf and go to the engine as raw
// text (it parses them off the main thread); everything else is parsed and zod-validated here.
// A resubscription always takes a new guid, so a late frame of the old one can never land in a
// book that was just reset.
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Logger } from '../../../base/log';
import type { MarketDataSink } from '../../common/adapter';
import { RetryGate } from '../../common/retry-limit';
import { StalenessWatchdog } from '../../common/watchdog';
import { alorAllTradeSimpleSchema, alorReplySchema } from '../wire/alor-wire';
import { priceText } from './numbers';
import { orderRecordSchema, positionRecordSchema, stopRecordSchema, tradeRecordSchema } from './portfolio';

export type FeedKind = 'book' | 'trades' | 'orders' | 'stops' | 'fills' | 'positions';
export interface FeedSpec {
  key: string;
  kind: FeedKind;
  market?: string;
}
export type Counter = 'malformed' | 'outOfOrder' | 'unknown' | 'resyncs' | 'staleEvents' | 'duplicates';

interface Active {
  guid: string;
  spec: FeedSpec;
  acked: boolean;
  data: boolean;
  lastTs: number;
}

export interface DataFeedOptions {
  log: Logger;
  sink: MarketDataSink;
  exchange: string;
  /** The board of a symbol we have not looked up (no securities entry). */
  board: string;
  /** The symbol's own board (its primary_board), when known. */
  boardOf?(market: string): string | undefined;
  portfolio: string;
  depth: number;
  frequencyMs: number;
  tradesHistory: number;
  staleAfterMs: number;
  token(): Promise<string>;
  /** Something that decides the connection state changed (ack, first data, stale, revived). */
  changed(): void;
  /** ALOR answered a subscription with an error; it closes the socket after one (alor.md §4.3). */
  refused(httpCode: number, message: string, spec: FeedSpec | undefined): void;
  count(counter: Counter): void;
  order(r: ReturnType<typeof orderRecordSchema.parse>): void;
  stop(r: ReturnType<typeof stopRecordSchema.parse>): void;
  fill(r: ReturnType<typeof tradeRecordSchema.parse>): void;
  position(r: ReturnType<typeof positionRecordSchema.parse>): void;
}

const tradeSchema = alorAllTradeSimpleSchema.pick({
  id: true,
  qty: true,
  price: true,
  timestamp: true,
  existing: true,
  side: true,
});
const envelopeSchema = {
  guid: (j: unknown) => (j as { guid?: unknown }).guid,
  data: (j: unknown) => (j as { data?: unknown } | null | undefined)?.data,
};
const OPCODES: Record<FeedKind, string> = {
  book: 'OrderBookGetAndSubscribe',
  trades: 'AllTradesGetAndSubscribe',
  orders: 'OrdersGetAndSubscribeV2',
  stops: 'StopOrdersGetAndSubscribeV2',
  fills: 'TradesGetAndSubscribeV2',
  positions: 'PositionsGetAndSubscribeV2',
};
const RETIRED_KEEP = 256;

export class DataFeed {
  private ws: WebSocket | undefined;
  private readonly active = new Map<string, Active>();
  private readonly byKey = new Map<string, string>();
  private readonly retired = new Set<string>();
  private readonly stale = new Set<string>();
  private readonly lastTradeId = new Map<string, number>();
  private readonly watchdog = new StalenessWatchdog();
  private readonly gate = new RetryGate({ initialMs: 250, maxMs: 30_000 });

  constructor(private readonly options: DataFeedOptions) {}

  attach(ws: WebSocket): void {
    this.ws = ws;
    ws.on('message', (data, isBinary) => this.onMessage(isBinary ? '' : data.toString(), Date.now()));
  }

  /** The socket is gone: so are all its subscriptions (alor.md §4.1). */
  detach(): void {
    this.ws = undefined;
    for (const key of this.byKey.keys()) this.watchdog.unwatch(key);
    this.stale.clear();
    for (const a of this.active.values()) this.retire(a);
    this.active.clear();
    this.byKey.clear();
    this.watchdog.stop();
    this.gate.clear();
  }

  staleFeeds(): string[] {
    return [...this.stale].sort();
  }

  /** Every book has delivered its snapshot and every other stream was acknowledged. */
  allLive(): boolean {
    for (const a of this.active.values()) if (a.spec.kind === 'book' ? !a.data : !a.acked) return false;
    return this.stale.size === 0;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  async subscribe(spec: FeedSpec): Promise<void> {
    const ws = this.ws;
    if (!ws) return;
    const token = await this.options.token();
    if (this.ws !== ws || ws.readyState !== ws.OPEN) return;
    this.drop(spec.key, ws, token);
    const guid = randomUUID();
    const a: Active = { guid, spec, acked: false, data: false, lastTs: 0 };
    if (spec.kind === 'book') {
      this.options.sink.resetBook('alor', spec.market!);
      this.options.sink.bindStream('alor', guid, spec.market!);
      this.watchdog.watch(spec.key, {
        maxSilenceMs: this.options.staleAfterMs,
        onStale: (feed, silentMs) => this.onStale(feed, silentMs),
      });
    }
    this.active.set(guid, a);
    this.byKey.set(spec.key, guid);
    ws.send(JSON.stringify(this.request(spec, guid, token)));
  }

  /** Stops forwarding at once; the venue is told as soon as a token is at hand. */
  async unsubscribe(key: string): Promise<void> {
    this.stale.delete(key);
    this.watchdog.unwatch(key);
    const ws = this.ws;
    const guid = this.byKey.get(key);
    if (!ws || !guid) return;
    this.drop(key, ws, undefined);
    this.options.changed();
    const token = await this.options.token().catch(() => undefined);
    if (token && this.ws === ws && ws.readyState === ws.OPEN)
      ws.send(JSON.stringify({ opcode: 'unsubscribe', guid, token }));
  }

  /** Marks a feed stale and starts it over: new guid, reset book, fresh snapshot / history. */
  resync(key: string, reason: string): void {
    const guid = this.byKey.get(key);
    const a = guid ? this.active.get(guid) : undefined;
    if (!a) return;
    if (a.spec.kind === 'book') this.stale.add(key);
    this.options.changed();
    // Resubscribes back off per feed: a venue that keeps sending what we refuse is retried a few
    // times a minute, not once per frame.
    this.gate.request(key, () => {
      const cur = this.byKey.get(key);
      const spec = (cur ? this.active.get(cur) : undefined)?.spec;
      if (!spec) return;
      this.options.count('resyncs');
      this.options.log.warn('ALOR feed resync', { feed: key, reason });
      void this.subscribe(spec).catch((err: unknown) =>
        this.options.log.warn('ALOR resubscribe failed', { feed: key, reason: (err as Error).message }),
      );
    });
  }

  private onStale(key: string, silentMs: number): void {
    this.options.count('staleEvents');
    this.resync(key, `no book data for ${silentMs} ms while the socket is open`);
  }

  private drop(key: string, ws: WebSocket, token: string | undefined): void {
    const old = this.byKey.get(key);
    const a = old ? this.active.get(old) : undefined;
    if (!a) return;
    this.active.delete(a.guid);
    this.byKey.delete(key);
    this.retire(a);
    if (token && ws.readyState === ws.OPEN)
      ws.send(JSON.stringify({ opcode: 'unsubscribe', guid: a.guid, token }));
  }

  private retire(a: Active): void {
    if (a.spec.kind === 'book') this.options.sink.unbindStream('alor', a.guid);
    this.retired.add(a.guid);
    if (this.retired.size > RETIRED_KEEP) this.retired.delete(this.retired.values().next().value!);
  }

  private request(spec: FeedSpec, guid: string, token: string): Record<string, unknown> {
    const common = {
      opcode: OPCODES[spec.kind],
      exchange: this.options.exchange,
      format: 'Simple',
      guid,
      token,
    };
    const board = (spec.market && this.options.boardOf?.(spec.market)) || this.options.board;
    const instrument = { code: spec.market, instrumentGroup: board };
    switch (spec.kind) {
      case 'book':
        return { ...common, ...instrument, depth: this.options.depth, frequency: this.options.frequencyMs };
      case 'trades':
        return { ...common, ...instrument, depth: this.options.tradesHistory };
      default:
        // No skipHistory: the replay is how a reconnect reconciles orders and fills (alor.md §5).
        return { ...common, portfolio: this.options.portfolio };
    }
  }

  private onMessage(text: string, receivedAt: number): void {
    let a: Active | undefined;
    const g = text.indexOf('"guid":"');
    if (g >= 0) {
      const end = text.indexOf('"', g + 8);
      if (end > 0) a = this.active.get(text.slice(g + 8, end));
      if (!a && end > 0 && this.retired.has(text.slice(g + 8, end))) return;
    }
    if (a?.spec.kind === 'book') return this.book(a, text, receivedAt);
    this.slow(text, a, receivedAt);
  }

  /**
   * The hot path: cheap checks, then the raw text goes to the engine. A frame the cheap checks do
   * not recognise (a space after a colon, escapes, another number form) is read whole before it
   * is judged; only a frame that is not a data message at all is malformed.
   */
  private book(a: Active, text: string, receivedAt: number, parsed?: unknown): void {
    let last = text.length - 1;
    while (last > 0 && text.charCodeAt(last) <= 32) last--;
    let at = parsed === undefined ? bookTimestamp(text) : NaN;
    if (at !== at || text.charCodeAt(last) !== 125 || text.indexOf('"data"') < 0) {
      const data = envelopeSchema.data(parsed ?? parseOrUndefined(text));
      if (data === null || typeof data !== 'object') {
        this.options.count('malformed');
        return this.resync(a.spec.key, 'malformed book frame');
      }
      at = dataTimestamp(data);
    }
    if (at < a.lastTs) {
      this.options.count('outOfOrder');
      return this.resync(a.spec.key, 'book frame older than the previous one');
    }
    // A frame without a broker time (none is required of a valid book) does not move the clock.
    if (at === at) a.lastTs = at;
    this.options.sink.frame('alor', text, receivedAt);
    this.watchdog.seen(a.spec.key);
    if (!a.data || this.stale.has(a.spec.key)) {
      a.data = true;
      a.acked = true;
      this.stale.delete(a.spec.key);
      this.options.changed();
    }
  }

  private slow(text: string, hinted: Active | undefined, receivedAt: number): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.options.count('malformed');
      this.options.log.warn('unreadable /ws frame', { length: text.length, feed: hinted?.spec.key });
      if (hinted) this.resync(hinted.spec.key, 'unreadable frame');
      return;
    }
    if (json && typeof json === 'object' && 'requestGuid' in json) return this.reply(json);
    const guid = json && typeof json === 'object' ? envelopeSchema.guid(json) : undefined;
    const a = typeof guid === 'string' ? this.active.get(guid) : undefined;
    if (!a || envelopeSchema.data(json) === undefined) {
      if (typeof guid === 'string' && this.retired.has(guid)) return;
      this.options.count('unknown');
      this.options.log.warn('unknown /ws frame', { length: text.length });
      return;
    }
    if (a.spec.kind === 'book') return this.book(a, text, receivedAt, json);
    let ok: boolean;
    try {
      ok = this.dispatch(a, envelopeSchema.data(json));
    } catch {
      // A value no decimal can represent (negative price, NaN): refused like any bad record.
      ok = false;
    }
    if (!ok) {
      this.options.count('malformed');
      this.resync(a.spec.key, `invalid ${a.spec.kind} record`);
    }
  }

  private dispatch(a: Active, data: unknown): boolean {
    const mark = () => {
      if (!a.acked) {
        a.acked = true;
        this.options.changed();
      }
    };
    switch (a.spec.kind) {
      case 'trades': {
        const r = tradeSchema.safeParse(data);
        if (!r.success) return false;
        mark();
        const t = r.data;
        const market = a.spec.market!;
        if (!t.existing) {
          if (t.id <= (this.lastTradeId.get(market) ?? -1)) {
            this.options.count('duplicates');
            return true;
          }
          this.lastTradeId.set(market, t.id);
        }
        this.options.sink.trade({
          venue: 'alor',
          market,
          price: priceText(t.price),
          size: String(t.qty),
          side: t.side,
          time: t.timestamp,
          ...(t.existing ? { history: true } : {}),
        });
        return true;
      }
      case 'orders':
        return this.apply(orderRecordSchema, data, this.options.order, mark);
      case 'stops':
        return this.apply(stopRecordSchema, data, this.options.stop, mark);
      case 'fills':
        return this.apply(tradeRecordSchema, data, this.options.fill, mark);
      case 'positions':
        return this.apply(positionRecordSchema, data, this.options.position, mark);
      default:
        return false;
    }
  }

  private apply<T>(
    schema: { safeParse(d: unknown): { success: true; data: T } | { success: false } },
    data: unknown,
    to: (r: T) => void,
    mark: () => void,
  ): boolean {
    const r = schema.safeParse(data);
    if (!r.success) return false;
    mark();
    to(r.data);
    return true;
  }

  private reply(json: object): void {
    const r = alorReplySchema.safeParse(json);
    if (!r.success) {
      this.options.count('malformed');
      return;
    }
    const guid = r.data.requestGuid;
    const a = guid ? this.active.get(guid) : undefined;
    if (!a) {
      if (guid && this.retired.has(guid) && r.data.httpCode === 200) return;
      if (r.data.httpCode !== 200) {
        this.options.refused(r.data.httpCode, r.data.message, undefined);
        return;
      }
      this.options.count('unknown');
      return;
    }
    if (r.data.httpCode !== 200) return this.options.refused(r.data.httpCode, r.data.message, a.spec);
    if (!a.acked) {
      a.acked = true;
      this.options.changed();
    }
  }
}

/**
 * The book's broker time in ms (Simple `ms_timestamp`, Heavy `msTimestamp`), read without
 * parsing the frame: it orders frames of one subscription. NaN when absent (a truncated frame).
 */
function bookTimestamp(text: string): number {
  let k = text.lastIndexOf('"ms_timestamp":');
  let i = k + 15;
  if (k < 0) {
    k = text.lastIndexOf('"msTimestamp":');
    i = k + 14;
  }
  if (k < 0) return NaN;
  let v = 0;
  const start = i;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  // Only a plain integer followed by the member's end is read fast; 1.7e12 and the like are not.
  const next = text.charCodeAt(i);
  return i > start && (next === 44 || next === 125) ? v : NaN;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The broker time of a parsed book's data (Simple, Heavy or Slim); NaN when it has none. */
function dataTimestamp(data: object): number {
  const d = data as { ms_timestamp?: unknown; msTimestamp?: unknown; t?: unknown };
  const v = d.ms_timestamp ?? d.msTimestamp ?? d.t;
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}
