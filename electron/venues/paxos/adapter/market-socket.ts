// The Smart Order Routing WebSocket (§3–§5, §9): bearer at the upgrade, one subscribe with every
// channel, reconnect with backoff, per-feed staleness, and book resyncs (resetBook + resubscribe,
// since a SNAPSHOT comes once per subscription). Hot book frames are recognised by their prefix
// and handed over as raw text; everything else is parsed and zod-validated here.
import WebSocket from 'ws';
import type { ConnectionState } from '../../../../shared/domain';
import { parseScaled } from '../../../../shared/decimal';
import type { Logger } from '../../../base/log';
import type { MarketDataSink } from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import { Backoff } from '../../common/backoff';
import { StalenessWatchdog, type FeedWatch } from '../../common/watchdog';
import type {
  ExecutionDataPayload,
  MarketSocketChannelRequest,
  MarketSocketOperationResponse,
  TopOfBookPayload,
} from '../wire/paxos-wire';
import {
  marketSocketErrorFrameSchema,
  marketSocketOperationResponseSchema,
  marketSocketStreamMessageSchema,
} from '../wire/paxos-wire';
import { timeMs } from './map';
import type { PaxosTiming } from './options';
import { PingClock } from '../../common/rtt';
import type { TokenManager } from './token';

/** The layout Paxos sends book frames in; anything else takes the parsed (cold) path. */
export const BOOK_PREFIX = '{"channel":"market_data","payload":{"market":"';
const HEARTBEAT = 'heartbeat';
const bookFeed = (m: string) => `market_data:${m}`;

export interface MarketSocketDeps {
  url: string;
  tokens: TokenManager;
  sink: MarketDataSink;
  timing: PaxosTiming;
  log: Logger;
  random: () => number;
  onStatus(state: ConnectionState, reason?: string, staleFeeds?: string[]): void;
  /** A new socket is subscribed: our orders are reconciled after every reconnect. */
  onSession(): void;
  /** A ping → pong time on the open SOR socket, in milliseconds. */
  onRoundTrip(ms: number): void;
}

type Phase = 'subscribing' | 'awaiting' | 'live' | 'resyncing' | 'failed';

interface Sub {
  market: string;
  phase: Phase;
  /** Frames of a subscription we have just dropped: ignored until its unsubscribe is answered. */
  dropOld: boolean;
  lastBookAt: number;
  resyncAt: number;
  resyncs: number;
  reason?: string;
  timer?: ReturnType<typeof setTimeout>;
}

export interface MarketSocketStats {
  frames: number;
  bookFrames: number;
  malformed: number;
  unknown: number;
  outOfOrderTrades: number;
  crossedTopOfBook: number;
  resyncs: number;
  reconnects: number;
  serverErrors: number;
  heartbeats: number;
}

/** a >= b for decimal strings; false when either cannot be read (never throws). */
function decimalAtLeast(a: string, b: string): boolean {
  try {
    return parseScaled(a, 8) >= parseScaled(b, 8);
  } catch {
    return false;
  }
}

function channelsFor(market: string): MarketSocketChannelRequest[] {
  const params = { market };
  return [
    { type: 'market_data', params },
    { type: 'market_data.top_of_book', params },
    { type: 'execution_data', params },
  ];
}

export class MarketSocket {
  readonly stats: MarketSocketStats = {
    frames: 0,
    bookFrames: 0,
    malformed: 0,
    unknown: 0,
    outOfOrderTrades: 0,
    crossedTopOfBook: 0,
    resyncs: 0,
    reconnects: 0,
    serverErrors: 0,
    heartbeats: 0,
  };
  readonly topOfBook = new Map<string, { bid?: string; ask?: string; at: number }>();
  private readonly subs = new Map<string, Sub>();
  private readonly lastTradeAt = new Map<string, number>();
  private ws: WebSocket | undefined;
  private token: string | undefined;
  private running = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly backoff: Backoff;
  private readonly authBackoff: Backoff;
  private readonly watchdog: StalenessWatchdog;
  private ctl: { type: 'subscribe' | 'unsubscribe'; channels: MarketSocketChannelRequest[] }[] = [];
  private heartbeatSeen = false;
  /** The heartbeat bound in force: the configured one, raised to what the venue's cadence needs. */
  private heartbeatWatch: FeedWatch | undefined;
  private lastHeartbeatAt = 0;
  private lastPongAt = 0;
  private statusKey = '';
  private first: { resolve: () => void; reject: (e: VenueError) => void } | undefined;

  constructor(private readonly deps: MarketSocketDeps) {
    const t = deps.timing;
    this.backoff = new Backoff({
      initialMs: t.reconnectInitialMs,
      maxMs: t.reconnectMaxMs,
      random: deps.random,
    });
    this.authBackoff = new Backoff({
      initialMs: t.authRetryInitialMs,
      maxMs: t.authRetryMaxMs,
      random: deps.random,
    });
    const check = Math.max(
      10,
      Math.min(250, Math.floor(Math.min(t.heartbeatSilenceMs, t.marketSilenceMs) / 4)),
    );
    this.watchdog = new StalenessWatchdog(Date.now, check);
  }

  /** Resolves when the first socket is up, rejects when the first attempt fails; retries go on. */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    return new Promise((resolve, reject) => {
      this.first = { resolve, reject };
      void this.attempt();
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const ws = this.ws;
    this.ws = undefined;
    this.endSession();
    this.watchdog.stop();
    this.settleFirst(new VenueError('unavailable', 'disconnected before the first connection'));
    if (ws && ws.readyState === WebSocket.OPEN) {
      const closed = new Promise<void>((r) => ws.once('close', () => r()));
      ws.close(1000, 'client disconnect');
      const timer = setTimeout(() => ws.terminate(), 1000);
      await closed;
      clearTimeout(timer);
    } else ws?.terminate();
    this.setState('idle', 'disconnected');
  }

  add(market: string): void {
    if (this.subs.has(market)) return;
    const sub: Sub = { market, phase: 'subscribing', dropOld: false, lastBookAt: 0, resyncAt: 0, resyncs: 0 };
    this.subs.set(market, sub);
    if (!this.isOpen()) return;
    this.prepare(sub);
    this.send('subscribe', channelsFor(market));
    this.update();
  }

  remove(market: string): void {
    const sub = this.subs.get(market);
    if (!sub) return;
    this.subs.delete(market);
    if (sub.timer) clearTimeout(sub.timer);
    this.watchdog.unwatch(bookFeed(market));
    this.topOfBook.delete(market);
    if (this.isOpen() && sub.phase !== 'failed') this.send('unsubscribe', channelsFor(market));
    this.deps.sink.resetBook('paxos', market);
    this.update();
  }

  markets(): string[] {
    return [...this.subs.keys()];
  }

  private isOpen(): boolean {
    return this.ws !== undefined && this.ws.readyState === WebSocket.OPEN;
  }

  // ------------------------------------------------------------------ connection lifecycle

  private async attempt(): Promise<void> {
    this.retryTimer = undefined;
    if (!this.running) return;
    this.setState('authenticating');
    let token: string;
    try {
      token = await this.deps.tokens.get();
    } catch (err) {
      return this.failed(err);
    }
    if (this.running) this.open(token, false);
  }

  private failed(err: unknown): void {
    const e =
      err instanceof VenueError ? err : new VenueError('unavailable', 'connection attempt failed', true);
    if (e.kind === 'unauthorized') this.authDown(e.message);
    else this.retry(e.message);
  }

  private open(token: string, reminted: boolean): void {
    this.setState('connecting');
    const ws = new WebSocket(this.deps.url, {
      headers: { Authorization: `Bearer ${token}` },
      handshakeTimeout: this.deps.timing.handshakeTimeoutMs,
      maxPayload: 256 * 1024 * 1024,
    });
    this.ws = ws;
    this.token = token;
    ws.on('unexpected-response', (req, res) => {
      res.resume();
      req.destroy();
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.refused(res.statusCode ?? 0, token, reminted);
    });
    ws.on('open', () => {
      if (this.ws !== ws) return;
      this.onOpen();
      this.timeRoundTrips(ws);
    });
    ws.on('message', (data, isBinary) => {
      if (this.ws === ws) this.onMessage(isBinary ? undefined : data.toString());
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.onClose(code, reason.toString());
    });
    ws.on('error', (err) => this.deps.log.debug('Paxos socket error', { message: err.message }));
  }

  /** Our own protocol pings, only to time the round trip; nothing is judged by their pongs. */
  private timeRoundTrips(ws: WebSocket): void {
    this.lastPongAt = Date.now();
    ws.on('pong', () => (this.lastPongAt = Date.now()));
    const clock = new PingClock(ws, (ms) => {
      if (this.ws === ws && this.running) this.deps.onRoundTrip(ms);
    });
    const timer = setInterval(() => {
      // Liveness is the transport's: pings unanswered for pongTimeoutMs mean a dead socket.
      const silent = Date.now() - this.lastPongAt;
      if (this.ws === ws && silent > this.deps.timing.pongTimeoutMs)
        return this.reconnectNow(`Paxos answered no ping for ${Math.round(silent / 1000)} s; reconnecting`);
      clock.ping();
    }, this.deps.timing.pingIntervalMs);
    timer.unref?.();
    ws.once('close', () => clearInterval(timer));
  }

  private refused(status: number, token: string, reminted: boolean): void {
    if (status === 401) {
      this.deps.tokens.invalidate(token);
      if (!reminted) {
        // The token may have expired or been revoked early: one fresh token, then give up.
        this.setState('authenticating', 'Paxos refused the access token; getting a new one');
        this.deps.tokens.mint().then(
          (fresh) => this.running && this.open(fresh, true),
          (err: unknown) => this.failed(err),
        );
        return;
      }
      return this.authDown(
        'Paxos refused a freshly issued access token on the market-data socket (HTTP 401)',
      );
    }
    if (status === 403)
      return this.authDown(
        'the Paxos API key lacks the market-data permission exchange:read_aggregated_marketdata_stream (HTTP 403)',
      );
    if (status === 429) return this.retry('Paxos refused the connection: too many connections (HTTP 429)');
    this.retry(`Paxos refused the market-data socket (HTTP ${status})`);
  }

  private authDown(reason: string): void {
    this.settleFirst(new VenueError('unauthorized', reason));
    if (!this.running) return;
    this.setState('down', reason);
    this.schedule(this.authBackoff.next());
  }

  private retry(reason: string): void {
    this.settleFirst(new VenueError('unavailable', reason, true));
    if (!this.running) return;
    this.setState('reconnecting', reason);
    this.schedule(this.backoff.next());
  }

  private schedule(delay: number): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.attempt(), delay);
  }

  private settleFirst(err?: VenueError): void {
    const f = this.first;
    this.first = undefined;
    if (f) {
      if (err) f.reject(err);
      else f.resolve();
    }
  }

  private onOpen(): void {
    this.setState('connected');
    this.settleFirst();
    this.ctl = [];
    this.heartbeatSeen = false;
    this.lastHeartbeatAt = 0;
    // The heartbeat interval is undocumented (paxos.md §5.4, open question): a silent heartbeat
    // marks the socket stale for the user, but only unanswered protocol pings (§3: Paxos keeps the
    // socket alive with ping/pong) prove it dead and reopen it.
    this.heartbeatWatch = { maxSilenceMs: this.deps.timing.heartbeatSilenceMs, onStale: () => this.update() };
    this.watchdog.watch(HEARTBEAT, this.heartbeatWatch);
    const channels: MarketSocketChannelRequest[] = [{ type: HEARTBEAT }];
    for (const sub of this.subs.values()) {
      this.prepare(sub);
      channels.push(...channelsFor(sub.market));
    }
    this.send('subscribe', channels);
    this.deps.onSession();
    this.update();
  }

  /** A (re)subscription starts: the engine forgets the book and waits for the new SNAPSHOT. */
  private prepare(sub: Sub): void {
    sub.phase = 'subscribing';
    sub.dropOld = false;
    sub.lastBookAt = Date.now();
    this.deps.sink.resetBook('paxos', sub.market);
    this.watchdog.watch(bookFeed(sub.market), {
      maxSilenceMs: this.deps.timing.marketSilenceMs,
      onStale: (_f, ms) => this.resync(sub.market, `no book data for ${Math.round(ms / 100) / 10} s`),
    });
  }

  private onClose(code: number, reason: string): void {
    this.endSession();
    this.stats.reconnects++;
    let why: string;
    if (code === 1008 || /token|auth/i.test(reason)) {
      this.deps.tokens.invalidate(this.token);
      why = `Paxos closed the session (${reason.slice(0, 80) || 'policy violation'}); re-authorising`;
    } else if (code === 1006) why = 'connection to Paxos lost';
    else why = `Paxos closed the connection (code ${code}${reason ? `: ${reason.slice(0, 80)}` : ''})`;
    this.retry(why);
  }

  private reconnectNow(reason: string): void {
    const ws = this.ws;
    this.ws = undefined;
    ws?.terminate();
    this.endSession();
    this.stats.reconnects++;
    this.retry(reason);
  }

  private endSession(): void {
    this.watchdog.unwatch(HEARTBEAT);
    for (const sub of this.subs.values()) {
      if (sub.timer) clearTimeout(sub.timer);
      sub.timer = undefined;
      this.watchdog.unwatch(bookFeed(sub.market));
      if (sub.phase !== 'failed') sub.phase = 'subscribing';
    }
    this.ctl = [];
    this.topOfBook.clear();
  }

  private send(type: 'subscribe' | 'unsubscribe', channels: MarketSocketChannelRequest[]): void {
    this.ws!.send(JSON.stringify({ type, channels }));
    this.ctl.push({ type, channels });
  }

  // ------------------------------------------------------------------ status

  private setState(state: ConnectionState, reason?: string, staleFeeds?: string[]): void {
    const key = `${state}|${reason ?? ''}|${(staleFeeds ?? []).join(',')}`;
    if (key === this.statusKey) return;
    this.statusKey = key;
    this.deps.onStatus(state, reason, staleFeeds);
  }

  private update(): void {
    if (!this.isOpen()) return;
    const stale = new Set(this.watchdog.staleFeeds());
    const reasons: string[] = [];
    if (stale.has(HEARTBEAT)) reasons.push('no heartbeat');
    for (const sub of this.subs.values()) {
      if (sub.phase === 'resyncing' || stale.has(bookFeed(sub.market))) {
        stale.add(bookFeed(sub.market));
        reasons.push(`${sub.market}: ${sub.reason ?? 'no book data'}`);
      }
    }
    if (stale.size > 0) return this.setState('stale', reasons.join('; '), [...stale].sort());
    const failed = [...this.subs.values()].filter((s) => s.phase === 'failed');
    const ready =
      this.heartbeatSeen && [...this.subs.values()].every((s) => s.phase === 'live' || s.phase === 'failed');
    const note = failed.length > 0 ? failed.map((s) => s.reason).join('; ') : undefined;
    if (!ready) return this.setState('connected', note);
    this.backoff.reset();
    this.authBackoff.reset();
    this.setState('live', note);
  }

  // ------------------------------------------------------------------ frames

  private onMessage(text: string | undefined): void {
    const at = Date.now();
    this.stats.frames++;
    if (text === undefined) {
      this.stats.malformed++;
      this.deps.log.warn('binary frame from Paxos ignored');
      return;
    }
    try {
      if (text.startsWith(BOOK_PREFIX)) this.hotBook(text, at);
      else this.cold(text, at);
    } catch (err) {
      // A frame we could not handle is counted and dropped; it never takes the adapter down.
      this.stats.malformed++;
      this.deps.log.error('failed to handle a Paxos frame', { error: err as Error, length: text.length });
    }
  }

  /**
   * Cheap checks only: which market, is it whole, is it a SNAPSHOT. The engine parses the rest.
   * A frame in any other layout (escapes, key order, a trailing newline) is not malformed: it is
   * read whole by the cold path, which routes a book frame to the same place.
   */
  private hotBook(text: string, at: number): void {
    const end = text.indexOf('"', BOOK_PREFIX.length);
    const market = end < 0 ? '' : text.slice(BOOK_PREFIX.length, end);
    const sub = this.subs.get(market);
    if (!sub || sub.phase === 'failed') return this.cold(text, at);
    if (text.charCodeAt(text.length - 1) !== 125 || text.charCodeAt(text.length - 2) !== 125)
      return this.cold(text, at);
    let snapshot: boolean;
    if (text.startsWith(',"type":"UPDATE"', end + 1)) snapshot = false;
    else if (text.startsWith(',"type":"SNAPSHOT"', end + 1)) snapshot = true;
    else return this.cold(text, at);
    if (sub.dropOld) return;
    this.book(sub, text, at, snapshot);
  }

  private book(sub: Sub, text: string, at: number, snapshot: boolean): void {
    this.stats.bookFrames++;
    this.deps.sink.frame('paxos', text, at);
    sub.lastBookAt = at;
    const revived = this.watchdog.seen(bookFeed(sub.market));
    if (snapshot) {
      sub.phase = 'live';
      sub.resyncs = 0;
      sub.reason = undefined;
      if (sub.timer) clearTimeout(sub.timer);
      sub.timer = undefined;
      this.update();
    } else if (revived) this.update();
  }

  private unknown(what: string, market?: string): void {
    this.stats.unknown++;
    this.deps.log.debug(what, { market });
  }

  private cold(text: string, at: number): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.malformed(text, 'not JSON');
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      return this.malformed(text, 'not an object');
    if ('channel' in json) {
      const msg = marketSocketStreamMessageSchema.safeParse(json);
      if (!msg.success) return this.malformed(text, msg.error.issues[0]?.message ?? 'invalid');
      const m = msg.data;
      if (m.channel === 'heartbeat') {
        this.stats.heartbeats++;
        this.learnHeartbeat(at);
        const revived = this.watchdog.seen(HEARTBEAT);
        if (!this.heartbeatSeen || revived) {
          this.heartbeatSeen = true;
          this.update();
        }
      } else if (m.channel === 'market_data') {
        const sub = this.subs.get(m.payload.market);
        if (!sub || sub.phase === 'failed')
          return this.unknown('book frame for an unsubscribed market', m.payload.market);
        if (!sub.dropOld) this.book(sub, text, at, m.payload.type === 'SNAPSHOT');
      } else if (m.channel === 'market_data.top_of_book') this.top(m.payload, at);
      else this.execution(m.payload);
      return;
    }
    const type = (json as { type?: unknown }).type;
    if (type === 'subscribe' || type === 'unsubscribe') {
      const r = marketSocketOperationResponseSchema.safeParse(json);
      if (!r.success) return this.malformed(text, 'unreadable subscribe response');
      return this.ack(r.data);
    }
    if (type === 'subscription_list') return;
    if (type === 'error') {
      const e = marketSocketErrorFrameSchema.safeParse(json);
      if (!e.success) return this.malformed(text, 'unreadable error frame');
      return this.serverError(e.data.error);
    }
    this.unknown('unknown frame type from Paxos', typeof type === 'string' ? type.slice(0, 40) : undefined);
  }

  /** Raises the silence bound to four of the gaps the venue actually leaves between heartbeats. */
  private learnHeartbeat(at: number): void {
    const w = this.heartbeatWatch;
    if (this.lastHeartbeatAt > 0 && w)
      w.maxSilenceMs = Math.max(w.maxSilenceMs, 4 * (at - this.lastHeartbeatAt));
    this.lastHeartbeatAt = at;
  }

  private malformed(text: string, why: string): void {
    this.stats.malformed++;
    const market = /"market"\s*:\s*"([A-Z0-9]{1,20})"/.exec(text)?.[1];
    this.deps.log.warn('malformed frame from Paxos', { why, market, length: text.length });
    if (market && this.subs.has(market) && /"channel"\s*:\s*"market_data"/.test(text))
      this.resync(market, 'malformed book frame');
  }

  /**
   * top_of_book is a cross-check of the book feed: every BBO change it announces must also reach
   * us as a market_data UPDATE. A BBO moving while the book feed stays silent means the book is
   * frozen, so it is resynced. Crossed BBOs are counted.
   */
  private top(p: TopOfBookPayload, at: number): void {
    const sub = this.subs.get(p.market);
    if (!sub || sub.phase === 'failed')
      return this.unknown('top of book for an unsubscribed market', p.market);
    const bid = p.bids[0]?.price;
    const ask = p.asks[0]?.price;
    if (bid !== undefined && ask !== undefined && decimalAtLeast(bid, ask)) {
      this.stats.crossedTopOfBook++;
      this.deps.log.warn('Paxos sent a crossed top of book', { market: p.market });
    }
    this.topOfBook.set(p.market, { bid, ask, at });
    if (sub.phase === 'live' && at - sub.lastBookAt > this.deps.timing.topOfBookLagMs)
      this.resync(p.market, 'top of book moved while the book feed stayed silent');
  }

  /** Public prints: no side, no id (§5.3); may arrive out of time order, which we count. */
  private execution(p: ExecutionDataPayload): void {
    const sub = this.subs.get(p.market);
    if (!sub || sub.phase === 'failed') return this.unknown('execution for an unsubscribed market', p.market);
    const time = timeMs(p.executed_at);
    if (time === 0 || !/[1-9]/.test(p.amount)) return this.malformed(JSON.stringify(p), 'unusable execution');
    if (time < (this.lastTradeAt.get(p.market) ?? 0)) this.stats.outOfOrderTrades++;
    else this.lastTradeAt.set(p.market, time);
    this.deps.sink.trade({ venue: 'paxos', market: p.market, price: p.price, size: p.amount, time });
  }

  private ack(resp: MarketSocketOperationResponse): void {
    const req = this.ctl.shift();
    if (!req || req.type !== resp.type) return this.unknown('unexpected subscribe response');
    resp.channels.forEach((r, i) => {
      const sent = req.channels[i];
      const market =
        typeof r.params?.market === 'string' ? r.params.market : (sent?.params?.market as string | undefined);
      const sub = market === undefined ? undefined : this.subs.get(market);
      if (req.type === 'unsubscribe') {
        if (sub && sent?.type === 'market_data') sub.dropOld = false;
        return;
      }
      // NO_EFFECT_ACTION: already subscribed, which is what we wanted.
      if (r.success || r.error === 'NO_EFFECT_ACTION') {
        if (sub && sent?.type === 'market_data' && sub.phase === 'subscribing') sub.phase = 'awaiting';
        return;
      }
      this.deps.log.warn('Paxos refused a subscription', { channel: r.type, market, error: r.error });
      if (sub && r.error === 'UNKNOWN_CHANNEL_PARAMS_CONFIGURATION') {
        sub.phase = 'failed';
        sub.reason = `Paxos does not offer market ${market}`;
        this.watchdog.unwatch(bookFeed(sub.market));
      } else if (sub && sent?.type === 'market_data')
        this.resync(sub.market, `subscription refused (${r.error})`);
    });
    this.update();
  }

  private serverError(code: string): void {
    this.stats.serverErrors++;
    // A top-level error answers our oldest unanswered control message.
    const req = this.ctl.shift();
    for (const c of req?.channels ?? []) {
      const sub = typeof c.params?.market === 'string' ? this.subs.get(c.params.market) : undefined;
      if (sub && req?.type === 'unsubscribe') sub.dropOld = false;
    }
    this.deps.log.warn('Paxos reported an error', { code: code.slice(0, 60) });
    // The guide's advice for INTERNAL_SERVER_ERROR is to reconnect (§4.4).
    if (code === 'INTERNAL_SERVER_ERROR') this.reconnectNow('Paxos reported an internal error; reconnecting');
  }

  /** Marks the book stale and rebuilds it from a fresh SNAPSHOT (resetBook + resubscribe). */
  resync(market: string, reason: string, retry = false): void {
    const sub = this.subs.get(market);
    if (!sub || sub.phase === 'failed' || !this.isOpen()) return;
    const now = Date.now();
    // One resubscribe at a time: a burst of bad frames must not turn into a burst of subscribes.
    if (!retry && sub.phase === 'resyncing' && now - sub.resyncAt < this.deps.timing.resyncRetryMs) return;
    if (sub.resyncs >= this.deps.timing.maxResyncs)
      return this.reconnectNow(
        `the ${market} book did not recover after ${sub.resyncs} resubscribes; reconnecting`,
      );
    this.stats.resyncs++;
    sub.resyncs++;
    sub.phase = 'resyncing';
    sub.resyncAt = now;
    sub.reason = reason;
    this.deps.log.warn('resyncing Paxos book', { market, reason });
    const channel: MarketSocketChannelRequest[] = [{ type: 'market_data', params: { market } }];
    this.send('unsubscribe', channel);
    sub.dropOld = true;
    this.deps.sink.resetBook('paxos', market);
    this.send('subscribe', channel);
    if (sub.timer) clearTimeout(sub.timer);
    sub.timer = setTimeout(() => {
      sub.timer = undefined;
      if (sub.phase === 'resyncing') this.resync(market, 'no snapshot after resubscribing', true);
    }, this.deps.timing.resyncRetryMs);
    this.update();
  }
}
