// One connection's life: the ["X",0,"Z",code] gate, bindings and their snapshots, request/reply
// matching, and frame routing. Hot book frames go to the sink as raw text after an O(1) check;
// everything else is decoded and validated whole before any of it is applied.
import type { Logger } from '../../../base/log';
import type { MarketDataSink } from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import {
  connectionStatusCode,
  decodeFeedMessage,
  parseJsonExact,
  stringifyJsonExact,
  type FeedMessage,
} from '../wire/finery-wire';
import { bookFrameComplete, meaning, peekBookFrame, replySchema } from './codec';
import type { Reply } from './orders';
import type { CloseInfo } from './socket';
import { FinerySocket } from './socket';

export type FeedKey = string;
export interface Binding {
  key: FeedKey;
  feed: 'I' | 'P' | 'K' | 'O' | 'F';
  market?: string;
  state: 'binding' | 'bound' | 'failed';
  /** silent: the watchdog saw no data (only a level update proves life again); resync: book being rebuilt. */
  stale?: 'silent' | 'resync';
  error?: string;
  retried?: boolean;
}

export interface SessionHost {
  log: Logger;
  sink: MarketDataSink;
  counters: Record<'malformed' | 'unknown' | 'dropped' | 'bookFrames' | 'lateReplies', number>;
  onOpen(): void;
  onBackend(code: number): void;
  onRoundTrip(ms: number): void;
  onFeed(m: FeedMessage, b: Binding | undefined): void;
  onBookData(b: Binding, snapshot: boolean): void;
  resync(market: string, reason: string): void;
  onClose(why: CloseInfo): void;
}

let nextReqId = 1;

export class Session {
  readonly bindings = new Map<FeedKey, Binding>();
  readonly socket: FinerySocket;
  backendCode: number | undefined;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private closed = false;

  constructor(
    private readonly host: SessionHost,
    socketOptions: {
      url: string;
      headers: Record<string, string>;
      pingIntervalMs: number;
      deadAfterMs: number;
      openTimeoutMs: number;
    },
  ) {
    this.socket = new FinerySocket({
      ...socketOptions,
      onOpen: () => host.onOpen(),
      onRoundTrip: (ms) => {
        if (this.ready) host.onRoundTrip(ms);
      },
      onText: (text, at) => this.route(text, at),
      onClose: (why) => {
        this.closed = true;
        const gone = new VenueError('unavailable', 'connection to Finery lost before the reply', true);
        for (const p of this.pending.values()) p.reject(gone);
        this.pending.clear();
        host.onClose(why);
      },
    });
  }

  get ready(): boolean {
    return !this.closed && this.socket.open && this.backendCode === 0;
  }

  request(method: string, content?: Record<string, unknown>): Promise<Reply> | undefined {
    if (!this.ready) return undefined;
    const reqId = nextReqId++;
    // Every request carries content, {} when the method has no parameters (finery-markets.md §7).
    const text = stringifyJsonExact({ event: 'request', reqId, method, content: content ?? {} });
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(reqId, { resolve, reject });
      if (!this.socket.send(text)) {
        this.pending.delete(reqId);
        reject(new VenueError('unavailable', 'not connected to Finery', true));
      }
    });
  }

  bind(b: Binding, rebind: boolean): void {
    this.bindings.set(b.key, b);
    b.state = 'binding';
    delete b.error;
    const msg = (event: string) => ({ event, feed: b.feed, ...(b.market ? { feedId: b.market } : {}) });
    if (rebind) this.socket.send(JSON.stringify(msg('unbind')));
    this.socket.send(JSON.stringify(msg('bind')));
  }

  unbind(key: FeedKey): void {
    const b = this.bindings.get(key);
    if (!b) return;
    this.bindings.delete(key);
    this.socket.send(
      JSON.stringify({ event: 'unbind', feed: b.feed, ...(b.market ? { feedId: b.market } : {}) }),
    );
  }

  close(): void {
    this.socket.close();
  }

  private route(text: string, receivedAt: number): void {
    const c = this.host.counters;
    // The fast path recognises the exact layout Finery sends; anything else is read whole below.
    const book = peekBookFrame(text);
    if (book && (book.action === 'S' || book.action === 'M') && bookFrameComplete(text))
      return this.bookFrame(book.market, book.action, text, receivedAt);
    if (firstChar(text) === 123) return this.reply(text);
    let m: FeedMessage;
    try {
      m = decodeFeedMessage(text);
    } catch (e) {
      c.malformed++;
      this.host.log.warn('malformed frame dropped', { head: text.slice(0, 60), error: errText(e) });
      const market = book?.market ?? /^\s*\[\s*"F"\s*,\s*"([^"\\]{1,64})"/.exec(text)?.[1];
      if (market !== undefined && this.bindings.has(`F:${market}`))
        this.host.resync(market, 'malformed book frame');
      return;
    }
    if (m.feed === 'F' && (m.action === 'S' || m.action === 'M'))
      return this.bookFrame(String(m.feedId), m.action, text, receivedAt);
    if (m.feed === 'X') {
      const code = connectionStatusCode(m);
      if (code === undefined) {
        c.malformed++;
        return;
      }
      this.backendCode = code;
      this.host.onBackend(code);
      return;
    }
    const key = m.feed === 'F' ? `F:${String(m.feedId)}` : m.feed === 'C' ? 'I' : m.feed;
    const b = this.bindings.get(key);
    if (m.action === 'U') return;
    if (m.action === 'Z') return this.bindFailed(m, b);
    this.host.onFeed(m, b);
  }

  /** A book frame, however it was recognised: the engine reads its text (layout-free). */
  private bookFrame(market: string, action: 'S' | 'M', text: string, receivedAt: number): void {
    const c = this.host.counters;
    const b = this.bindings.get(`F:${market}`);
    if (!b || b.state === 'failed') {
      c.unknown++;
      return;
    }
    if (action === 'M' && b.state !== 'bound') {
      // Updates still in flight from before our rebind: the coming snapshot supersedes them.
      c.dropped++;
      return;
    }
    c.bookFrames++;
    this.host.sink.frame('finery', text, receivedAt);
    this.host.onBookData(b, action === 'S');
  }

  private bindFailed(m: FeedMessage, b: Binding | undefined): void {
    const code = typeof m.data === 'number' ? m.data : Array.isArray(m.data) ? Number(m.data[0]) : NaN;
    if (code === 101) return; // our unbind before a rebind found nothing to remove
    if (!b) {
      this.host.counters.unknown++;
      return;
    }
    if (code === 100 && !b.retried) {
      // Already bound without a snapshot on our side: drop it and bind again for a fresh one.
      b.retried = true;
      this.bind(b, true);
      return;
    }
    b.state = 'failed';
    b.error = `feed ${b.feed}${b.market ? ` ${b.market}` : ''}: ${meaning(code)}`;
    this.host.log.warn('bind failed', { feed: b.feed, market: b.market, code });
    this.host.onFeed(m, b);
  }

  private reply(text: string): void {
    let parsed;
    try {
      parsed = replySchema.safeParse(parseJsonExact(text));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      this.host.counters.malformed++;
      this.host.log.warn('malformed reply dropped', { head: text.slice(0, 60) });
      return;
    }
    // An error reply may lack reqId (§7 "usually with reqId"). Replies come in request order on
    // one socket, so it answers our oldest unanswered request — the reading the reference leaves
    // open; taking it keeps that request from waiting out its timeout and being resent.
    const reqId =
      parsed.data.reqId ?? (parsed.data.error !== undefined ? this.pending.keys().next().value : undefined);
    const p = reqId === undefined ? undefined : this.pending.get(reqId);
    if (!p || reqId === undefined) {
      this.host.counters.lateReplies++;
      return;
    }
    this.pending.delete(reqId);
    const { reply, error, param } = parsed.data;
    p.resolve({
      ...(reply !== undefined ? { reply } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(param !== undefined ? { param } : {}),
    });
  }
}

/** The first non-whitespace character code (JSON allows whitespace before the value). */
function firstChar(text: string): number {
  let i = 0;
  let ch = text.charCodeAt(0);
  while (ch === 32 || ch === 10 || ch === 13 || ch === 9) ch = text.charCodeAt(++i);
  return ch;
}

function errText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 200);
}
