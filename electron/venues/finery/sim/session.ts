// One authenticated WebSocket: bindings (reference §4), `request` tunnelling (§7), the idle
// timeout (§3.2) and what the account/book hubs publish, in Finery's array framing.
import type { WebSocket } from 'ws';
import type { Logger } from '../../../base/log';
import {
  ErrorCode,
  FEEDS,
  bindMessageSchema,
  parseJsonExact,
  requestMessageSchema,
  stringifyJsonExact,
  type BindMessage,
  type FeedId,
  type FeedName,
} from '../wire/finery-wire';
import { fail, type Account, type AccountEvent } from './account';
import type { BookData, BookHub, BookUpdate } from './books';
import type { CreditDesk } from './credit';
import { callMethod, type MethodContext } from './methods';
import type { SettlementDesk } from './settlement';
import { orderRecord } from './records';
import { sendInTurn } from '../../simkit/send';

export interface SessionOptions {
  id: number;
  account: Account;
  credit: CreditDesk;
  settlement: SettlementDesk;
  books: BookHub;
  log: Logger;
  idleTimeoutMs: number;
  replyDelayMs: () => number;
  failInternally: () => boolean;
  backendStatus: () => number;
  /** Open question 4: feed B sends incremental `M` updates by default; this switches to full `S` only. */
  bookBSnapshotsOnly: boolean;
  onClosed: (session: Session) => void;
}

interface Binding {
  feed: FeedName;
  /** As sent by the client; 0 when absent (echoed in every message of the binding). */
  wireId: FeedId | 0;
  /** Instrument or currency name the binding is restricted to, if any. */
  scope?: string;
}

const ACCOUNT_WIDE: ReadonlySet<FeedName> = new Set(['I', 'P', 'G', 'L', 'M', 'R', 'N']);

export class Session {
  private readonly bindings = new Map<string, Binding>();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly cleanups: (() => void)[] = [];
  private closed = false;

  constructor(
    readonly ws: WebSocket,
    private readonly options: SessionOptions,
  ) {
    this.cleanups.push(options.account.onEvent((e) => this.accountEvent(e)));
    this.cleanups.push(options.books.onUpdate((i, u, s) => this.bookUpdate(i, u, s)));
    ws.on('message', (data, isBinary) => {
      this.touch();
      if (isBinary) return;
      try {
        this.handle(data.toString());
      } catch (err) {
        options.log.error('frame handling failed', {
          session: options.id,
          error: err instanceof Error ? err : String(err),
        });
      }
    });
    ws.on('ping', () => this.touch());
    ws.on('pong', () => this.touch());
    ws.on('close', () => this.dispose());
    ws.on('error', (err) => options.log.debug('socket error', { session: options.id, error: err }));
    this.touch();
    this.announceStatus(options.backendStatus());
  }

  announceStatus(code: number): void {
    this.send(['X', 0, 'Z', code]);
  }

  get id(): number {
    return this.options.id;
  }

  /** Sends raw text frames (malformed-frame fault) to every book binding. */
  sendRawToBookBindings(frame: (b: { feed: string; wireId: FeedId | 0 }) => string, count: number): void {
    for (const b of this.bindings.values()) {
      if (b.feed !== 'B' && b.feed !== 'F') continue;
      for (let i = 0; i < count; i++) this.sendText(frame(b));
    }
  }

  private touch(): void {
    if (this.closed) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.options.log.info('closing idle connection', { session: this.options.id });
      this.ws.close(1000, 'idle timeout');
      setTimeout(() => this.ws.terminate(), 1000).unref();
    }, this.options.idleTimeoutMs);
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    for (const c of this.cleanups) c();
    this.bindings.clear();
    this.options.onClosed(this);
  }

  private send(message: unknown): void {
    this.sendText(stringifyJsonExact(message));
  }

  private sendText(text: string): void {
    if (!this.closed && this.ws.readyState === this.ws.OPEN) sendInTurn(this.ws, text);
  }

  private handle(text: string): void {
    let msg: unknown;
    try {
      msg = parseJsonExact(text);
    } catch {
      // No error frame is documented for unparseable input; it is dropped (and logged).
      this.options.log.debug('dropping non-JSON frame', { session: this.options.id });
      return;
    }
    const event = (msg as { event?: unknown } | null)?.event;
    if (event === 'bind' || event === 'unbind') {
      const parsed = bindMessageSchema.safeParse(msg);
      if (!parsed.success) {
        const m = msg as { feed?: unknown; feedId?: unknown };
        const feed = typeof m.feed === 'string' && m.feed.length <= 8 ? m.feed : '';
        const known = (FEEDS as readonly string[]).includes(feed);
        this.send([feed, 0, 'Z', known ? ErrorCode.invalidFeedId : ErrorCode.invalidFeedName]);
        return;
      }
      if (parsed.data.event === 'bind') this.bind(parsed.data);
      else this.unbind(parsed.data);
      return;
    }
    if (event === 'request') {
      this.request(msg);
      return;
    }
    // `{"event":"ping"}` (open question 3) and anything else: no reply is documented; it only
    // keeps the connection from idling out.
  }

  // ---- bind / unbind ----

  private bind(m: BindMessage): void {
    const wireId = m.feedId ?? 0;
    if (!(FEEDS as readonly string[]).includes(m.feed)) {
      this.send([m.feed, wireId, 'Z', ErrorCode.invalidFeedName]);
      return;
    }
    const feed = m.feed as FeedName;
    const scope = this.resolveScope(feed, m.feedId);
    if (scope === null) {
      this.send([feed, wireId, 'Z', ErrorCode.invalidFeedId]);
      return;
    }
    const key = bindingKey(feed, m.feedId);
    if (this.bindings.has(key)) {
      this.send([feed, wireId, 'Z', ErrorCode.bindingExists]);
      return;
    }
    const binding: Binding = { feed, wireId, ...(scope !== undefined ? { scope } : {}) };
    this.bindings.set(key, binding);
    this.send([feed, wireId, 'S', this.snapshot(binding)]);
  }

  private unbind(m: BindMessage): void {
    const wireId = m.feedId ?? 0;
    if (!(FEEDS as readonly string[]).includes(m.feed)) {
      this.send([m.feed, wireId, 'Z', ErrorCode.invalidFeedName]);
      return;
    }
    const key = bindingKey(m.feed, m.feedId);
    if (this.bindings.delete(key)) {
      this.send([m.feed, wireId, 'U', 0]);
      return;
    }
    // C1 unbinds K/O/S without the feedId it bound with: that removes the feed's bindings.
    if (m.feedId === undefined) {
      const keys = [...this.bindings.entries()].filter(([, b]) => b.feed === m.feed).map(([k]) => k);
      if (keys.length > 0) {
        for (const k of keys) this.bindings.delete(k);
        this.send([m.feed, 0, 'U', 0]);
        return;
      }
    }
    this.send([m.feed, wireId, 'Z', ErrorCode.bindingNotFound]);
  }

  /** undefined = unrestricted, null = invalid feedId for this feed, else instrument/currency name. */
  private resolveScope(feed: FeedName, feedId: FeedId | undefined): string | undefined | null {
    const { catalog } = this.options.account;
    if (ACCOUNT_WIDE.has(feed)) return feedId === undefined || feedId === 0 ? undefined : null;
    if (feed === 'B' || feed === 'F' || feed === 'O') {
      if (feedId === undefined) return feed === 'O' ? undefined : null;
      if (typeof feedId === 'object') {
        // {"instrument","clientId"}: a master binds F on behalf of a sub-taker (reference §4,
        // DOC F5), for F only. The simulator has no sub-accounts; the sub-taker's firm book is
        // taken to be the account's own, and the object is echoed as sent [INF].
        return feed === 'F' ? (catalog.instrument(feedId.instrument)?.name ?? null) : null;
      }
      return catalog.instrument(feedId)?.name ?? null;
    }
    // K and S: currency name, optional.
    if (feedId === undefined) return undefined;
    return catalog.hasCurrency(feedId) ? (feedId as string) : null;
  }

  private snapshot(b: Binding): unknown {
    const { account } = this.options;
    switch (b.feed) {
      case 'I':
        return [account.catalog.currencyRecords(false), account.catalog.instrumentRecords()];
      case 'P':
        return account.positionsReply();
      case 'O':
        return account.activeOrders(b.scope).map((o) => orderRecord(o, 0));
      case 'K':
        return account.positionRecords(b.scope);
      case 'B':
      case 'F':
        return this.options.books.snapshot(b.scope!);
      case 'G':
        return this.options.credit.globalRecords();
      case 'L':
        return this.options.credit.counterpartyRecords();
      case 'M':
        return this.options.credit.mutualRecords();
      case 'R':
        return this.options.settlement.requestsSnapshot();
      case 'N':
        return [account.nextId, ...this.options.settlement.transactionsSnapshot()];
      case 'S':
        return this.options.settlement.orderRecords(b.scope);
    }
  }

  // ---- fan-out ----

  private accountEvent(e: AccountEvent): void {
    const sent = new Set<string>();
    const out = (message: unknown[]) => {
      const text = stringifyJsonExact(message);
      if (sent.has(text)) return;
      sent.add(text);
      this.sendText(text);
    };
    for (const b of this.bindings.values()) {
      if (e.feed === 'O') {
        // P carries order events as `O` messages with feedId 0 (reference §4.2).
        if (b.feed === 'P') out(['O', 0, e.action, e.record]);
        else if (b.feed === 'O' && (!b.scope || b.scope === e.instrument))
          out(['O', b.wireId, e.action, e.record]);
      } else if (e.feed === 'K') {
        if (b.feed === 'K' && (!b.scope || b.scope === e.currency)) out(['K', b.wireId, e.action, e.record]);
      } else if (e.feed === 'S' && b.feed === 'P') {
        // ...and settlement-order events as `S` messages with feedId 0.
        out(['S', 0, e.action, e.data]);
      } else if (b.feed === e.feed && (!b.scope || b.scope === e.currency)) {
        out([e.feed, b.wireId, e.action, e.data]);
      }
    }
  }

  private bookUpdate(instrument: string, update: BookUpdate, snapshot: BookData): void {
    for (const b of this.bindings.values()) {
      if ((b.feed !== 'B' && b.feed !== 'F') || b.scope !== instrument) continue;
      if (b.feed === 'B' && this.options.bookBSnapshotsOnly) this.send(['B', b.wireId, 'S', snapshot]);
      else this.send([b.feed, b.wireId, 'M', update]);
    }
  }

  // ---- request tunnelling ----

  /**
   * Open question 1: reply shapes follow the reference's reading of third-party code (C3):
   * {"event":"request","reqId",reply} on success, top-level "error" (+ "param") on failure.
   * Open question 6: no request rate limit is documented, so none is enforced.
   */
  private request(msg: unknown): void {
    const parsed = requestMessageSchema.safeParse(msg);
    let reply: Record<string, unknown>;
    if (!parsed.success) {
      const reqId = (msg as { reqId?: unknown }).reqId;
      const param = parsed.error.issues[0]?.path[0];
      reply = {
        event: 'request',
        ...(typeof reqId === 'number' ? { reqId } : {}),
        error: ErrorCode.invalidParameter,
        ...(typeof param === 'string' ? { param } : {}),
      };
    } else {
      const { reqId, method, content } = parsed.data;
      const ctx: MethodContext = {
        account: this.options.account,
        credit: this.options.credit,
        settlement: this.options.settlement,
        books: this.options.books,
        failInternally: this.options.failInternally,
      };
      // While the backend link is reported down, requests cannot reach the venue: 2 (not connected) [INF].
      const r =
        this.options.backendStatus() !== 0
          ? fail(ErrorCode.notConnected)
          : callMethod(ctx, method, content, this.options.id);
      if (r.ok) reply = { event: 'request', reqId, reply: r.reply };
      // mod's partial failure travels inside `reply` with origId/origRemainingSize (reference §7).
      else if (r.extra) reply = { event: 'request', reqId, reply: { error: r.error, ...r.extra } };
      else reply = { event: 'request', reqId, error: r.error, ...(r.param ? { param: r.param } : {}) };
    }
    const delay = this.options.replyDelayMs();
    if (delay > 0) setTimeout(() => this.send(reply), delay);
    else this.send(reply);
  }
}

/** The object form keys by its fields, so `{"clientId":5,"instrument":..}` matches in any key order. */
function bindingKey(feed: string, feedId: FeedId | undefined): string {
  if (feedId !== undefined && typeof feedId === 'object')
    return `${feed}|{${feedId.instrument}#${feedId.clientId}}`;
  return `${feed}|${feedId === undefined ? '' : JSON.stringify(feedId)}`;
}
