// The SOR WebSocket session: control messages (§4) and per-connection channel state (§5).
import type { WebSocket } from 'ws';
import type { MarketSocketChannelResult, MarketSocketErrorCode } from '../wire/paxos-wire';
import { MARKET_SOCKET_CHANNELS } from '../wire/paxos-wire';
import type { CapturedSnapshot, MarketFeed } from './feed';
import { nowNs, rfc3339Nano } from './markets';
import type { TokenRecord } from './tokens';
import { sendInTurn } from '../../simkit/send';

export interface MarketSocketSettings {
  heartbeatIntervalMs: number;
  /** Echo `params` in subscribe/unsubscribe results (docs since 2026-01-09); false = older shape. */
  echoParams: boolean;
  /** Delay between subscribe and its SNAPSHOT; live UPDATEs sent meanwhile precede it. */
  snapshotLagMs: number;
  /** Apply the 1 subscription/s per IP rule (open question 4: off unless asked for). */
  throttleSubscriptions: boolean;
}

/** What a session needs from the simulator around it. */
export interface MarketSocketContext {
  settings: MarketSocketSettings;
  feeds: ReadonlyMap<string, MarketFeed>;
  stalled(): boolean;
  failInternally(): boolean;
  /** Milliseconds this IP's next `n` subscriptions must wait (1/s per IP when throttling). */
  subscribeDelay(ip: string, n: number): number;
}

type MarketChannel = 'market_data' | 'market_data.top_of_book' | 'execution_data';

interface Subscription {
  type: (typeof MARKET_SOCKET_CHANNELS)[number];
  market?: string;
  /** market_data only: a snapshot captured at subscribe time but not yet delivered. */
  pending?: CapturedSnapshot | 'awaiting-resume';
  timer?: NodeJS.Timeout;
}

const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

function key(type: string, market?: string): string {
  return market === undefined ? type : `${type}|${market}`;
}

export class MarketSocketSession {
  readonly subs = new Map<string, Subscription>();
  private heartbeat: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  alive = true;
  closed = false;

  constructor(
    readonly ws: WebSocket,
    readonly ip: string,
    readonly token: TokenRecord,
    private readonly ctx: MarketSocketContext,
  ) {
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? undefined : data.toString();
      // Sequential handling keeps replies in request order even when a subscribe is throttled.
      this.queue = this.queue
        .then(() => this.handle(text))
        .catch(() => this.sendError('INTERNAL_SERVER_ERROR'));
    });
    ws.on('pong', () => {
      this.alive = true;
    });
  }

  send(frame: string): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.ws.terminate(); // a consumer this far behind is dropped rather than buffered forever
      return;
    }
    sendInTurn(this.ws, frame);
  }

  private sendError(code: MarketSocketErrorCode): void {
    this.send(JSON.stringify({ type: 'error', error: code }));
  }

  dispose(): void {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const s of this.subs.values()) if (s.timer) clearTimeout(s.timer);
    this.subs.clear();
  }

  subscribedTo(type: MarketChannel, market: string): Subscription | undefined {
    return this.subs.get(key(type, market));
  }

  private async handle(text: string | undefined): Promise<void> {
    if (this.closed) return;
    let msg: unknown;
    try {
      msg = text === undefined ? undefined : JSON.parse(text);
    } catch {
      msg = undefined;
    }
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
      this.sendError('MALFORMED_REQUEST');
      return;
    }
    const type = (msg as { type?: unknown }).type;
    if (type !== 'subscribe' && type !== 'unsubscribe' && type !== 'subscription_list') {
      this.sendError('UNKNOWN_ACTION');
      return;
    }
    // Top-level INTERNAL_SERVER_ERROR: the shape the guide's sample handler expects (open question 2).
    if (this.ctx.failInternally()) {
      this.sendError('INTERNAL_SERVER_ERROR');
      return;
    }
    if (type === 'subscription_list') {
      this.send(JSON.stringify({ type, channels: [...this.subs.values()].map((s) => this.describe(s)) }));
      return;
    }
    const channels = (msg as { channels?: unknown }).channels;
    if (
      !Array.isArray(channels) ||
      channels.some((c) => c === null || typeof c !== 'object' || Array.isArray(c))
    ) {
      this.sendError('MALFORMED_REQUEST');
      return;
    }
    if (type === 'subscribe' && this.ctx.settings.throttleSubscriptions) {
      const wait = this.ctx.subscribeDelay(this.ip, channels.length);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (this.closed) return;
    }
    const results: Array<{ result: MarketSocketChannelResult; after?: () => void }> = (
      channels as Array<Record<string, unknown>>
    ).map((c) => (type === 'subscribe' ? this.subscribe(c) : this.unsubscribe(c)));
    this.send(JSON.stringify({ type, channels: results.map((r) => r.result) }));
    for (const r of results) r.after?.();
  }

  private describe(s: Subscription): { type: string; params?: { market: string } } {
    return s.market === undefined ? { type: s.type } : { type: s.type, params: { market: s.market } };
  }

  /** Validates one channel request; on success the resolved channel type and market. */
  private resolve(
    c: Record<string, unknown>,
  ): { type: Subscription['type']; market?: string } | { error: MarketSocketErrorCode } {
    const type = c.type;
    if (typeof type !== 'string' || !(MARKET_SOCKET_CHANNELS as readonly string[]).includes(type))
      return { error: 'UNKNOWN_CHANNEL' };
    const t = type as Subscription['type'];
    if (t === 'heartbeat') return { type: t };
    const params = c.params;
    const market =
      params !== null && typeof params === 'object' && !Array.isArray(params)
        ? (params as { market?: unknown }).market
        : undefined;
    if (typeof market !== 'string' || !this.ctx.feeds.has(market))
      return { error: 'UNKNOWN_CHANNEL_PARAMS_CONFIGURATION' };
    return { type: t, market };
  }

  private result(c: Record<string, unknown>, error?: MarketSocketErrorCode): MarketSocketChannelResult {
    const out: MarketSocketChannelResult = {
      type: typeof c.type === 'string' ? c.type : String(c.type ?? ''),
      success: error === undefined,
    };
    // Heartbeat results carry no params (P5); others echo what the client sent.
    // Only an object can be echoed as `params`; anything else is omitted rather than sent back raw.
    const p = c.params;
    if (
      this.ctx.settings.echoParams &&
      c.type !== 'heartbeat' &&
      p !== null &&
      typeof p === 'object' &&
      !Array.isArray(p)
    ) {
      out.params = c.params as Record<string, unknown>;
    }
    if (error) out.error = error;
    return out;
  }

  private subscribe(c: Record<string, unknown>): { result: MarketSocketChannelResult; after?: () => void } {
    const r = this.resolve(c);
    if ('error' in r) return { result: this.result(c, r.error) };
    const k = key(r.type, r.market);
    // NO_EFFECT_ACTION as a per-channel failure: the reading the reference recommends (open question 6).
    if (this.subs.has(k)) return { result: this.result(c, 'NO_EFFECT_ACTION') };
    const sub: Subscription = { type: r.type, market: r.market };
    this.subs.set(k, sub);
    const after = () => this.start(sub);
    return { result: this.result(c), after };
  }

  private unsubscribe(c: Record<string, unknown>): { result: MarketSocketChannelResult } {
    const r = this.resolve(c);
    if ('error' in r) return { result: this.result(c, r.error) };
    const k = key(r.type, r.market);
    const sub = this.subs.get(k);
    // Unsubscribing from an absent channel changes nothing: NO_EFFECT_ACTION per channel [INF].
    if (!sub) return { result: this.result(c, 'NO_EFFECT_ACTION') };
    if (sub.timer) clearTimeout(sub.timer);
    this.subs.delete(k);
    if (sub.type === 'heartbeat' && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
    return { result: this.result(c) };
  }

  /** First output of a new subscription, sent after the subscribe response. */
  private start(sub: Subscription): void {
    if (this.closed || !this.subs.has(key(sub.type, sub.market))) return;
    if (sub.type === 'heartbeat') {
      this.heartbeat = setInterval(
        () =>
          this.send(JSON.stringify({ channel: 'heartbeat', payload: { timestamp: rfc3339Nano(nowNs()) } })),
        this.ctx.settings.heartbeatIntervalMs,
      );
      return;
    }
    const feed = this.ctx.feeds.get(sub.market!)!;
    if (sub.type === 'market_data.top_of_book') {
      // The current BBO right away [INF]: otherwise a quiet market leaves the client with nothing.
      if (!this.ctx.stalled()) this.send(feed.topFrame());
      return;
    }
    if (sub.type !== 'market_data') return;
    if (this.ctx.stalled()) {
      sub.pending = 'awaiting-resume';
      return;
    }
    // UPDATEs from before the snapshot time go out first, then the SNAPSHOT after a lag during
    // which live UPDATEs (later times) also precede it: the documented race clients must handle.
    const snap = feed.capture();
    sub.pending = snap;
    for (const frame of snap.replay) this.send(frame);
    sub.timer = setTimeout(() => this.deliverSnapshot(sub), this.ctx.settings.snapshotLagMs);
  }

  private deliverSnapshot(sub: Subscription): void {
    sub.timer = undefined;
    if (this.closed || this.subs.get(key(sub.type, sub.market)) !== sub || sub.pending === undefined) return;
    if (this.ctx.stalled()) {
      sub.pending = 'awaiting-resume';
      return;
    }
    const pending = sub.pending;
    sub.pending = undefined;
    // After a stall the old capture misses dropped UPDATEs, so a fresh one is taken.
    const snap = pending === 'awaiting-resume' ? this.ctx.feeds.get(sub.market!)!.capture() : pending;
    this.send(snap.frame);
  }

  /** Feeds resumed: snapshots withheld during the stall go out now. */
  resumed(): void {
    for (const sub of this.subs.values()) if (sub.pending === 'awaiting-resume') this.deliverSnapshot(sub);
  }

  /** Garbage frames on each market_data subscription (fault injection). */
  sendMalformed(count: number): void {
    for (const sub of this.subs.values()) {
      if (sub.type !== 'market_data') continue;
      for (let i = 0; i < count; i++)
        this.send(`{"channel":"market_data","payload":{"market":"${sub.market}","type":"UPD`);
    }
  }
}
