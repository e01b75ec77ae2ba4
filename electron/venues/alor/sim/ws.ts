// The /ws data interface (alor.md §4): every request carries its own token; a good one is acked
// `{"message":"Handled successfully","httpCode":200,"requestGuid"}` and data follows as
// `{"data":..,"guid":..}`; a bad one gets one error reply and the socket is closed. Order books
// are full depth-N snapshots in every message, conflated per subscription by `frequency`.
import type { WebSocket } from 'ws';
import type { SimMarket } from '../../simkit/types';
import {
  ALOR_DEFAULT_FREQUENCY,
  ALOR_MIN_FREQUENCY,
  alorWsRequestSchema,
  type AlorFormat,
} from '../wire/alor-wire';
import type { BarHistory } from './bars';
import type { Broker } from './broker';
import type { TokenAuthority } from './jwt';
import { alorInstrumentBySymbol, type AlorInstrument } from './specs';
import { sendInTurn } from '../../simkit/send';
import { subscribeFeed, type ConflatedState, type FeedHost, type Sub } from './ws-feeds';

export interface WsContext {
  broker: Broker;
  bars: BarHistory;
  tokens: TokenAuthority;
  maxSubscriptions: number;
  stalled(): boolean;
}

/** A slow consumer past this many queued bytes is cut off, as ALOR closes overflowing sessions. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export class WsSession {
  private readonly subs = new Map<string, Sub>();
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: WsContext,
  ) {
    ws.on('message', (raw, isBinary) => this.handle(isBinary ? '' : raw.toString()));
    ws.on('close', () => this.dispose());
    ws.on('error', () => this.dispose());
  }

  dispose(): void {
    this.closed = true;
    for (const s of this.subs.values()) s.stop();
    this.subs.clear();
  }

  resumeFeeds(): void {
    for (const s of this.subs.values()) s.resume?.();
  }

  sendMalformed(count: number): void {
    for (const s of this.subs.values()) {
      if (!s.marketData) continue;
      for (let n = 0; n < count; n++) this.raw(`{"guid":${JSON.stringify(s.guid)},"data":{"bids":[{"price":`);
    }
  }

  private handle(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.fail(null, 400, 'Request is not valid JSON');
    }
    const guid =
      json && typeof json === 'object' && typeof (json as { guid?: unknown }).guid === 'string'
        ? (json as { guid: string }).guid
        : null;
    const token = json && typeof json === 'object' ? (json as { token?: unknown }).token : undefined;
    const opcode = json && typeof json === 'object' ? (json as { opcode?: unknown }).opcode : undefined;
    const parsed = alorWsRequestSchema.safeParse(json);
    if (!parsed.success) {
      if (typeof opcode === 'string' && !KNOWN.has(opcode))
        return this.fail(guid, 400, `Unknown opcode '${opcode.slice(0, 64)}'`);
      if (guid && (typeof token !== 'string' || token === ''))
        return this.fail(guid, 401, 'Invalid JWT token!');
      const issue = parsed.error.issues[0]!;
      return this.fail(guid, 400, `${issue.path.join('.') || 'request'}: ${issue.message}`);
    }
    const req = parsed.data;
    const auth = this.ctx.tokens.check(req.token);
    if (!auth.ok) return this.fail(req.guid, 401, 'Invalid JWT token!');
    if (req.opcode === 'unsubscribe') {
      // Acked with 200 even when the guid is unknown on this connection (alor.md §4.3).
      this.subs.get(req.guid)?.stop();
      this.subs.delete(req.guid);
      return this.ack(req.guid);
    }
    if ('portfolio' in req && !auth.portfolios.includes(req.portfolio)) {
      return this.fail(
        req.guid,
        403,
        `Portfolio ${req.portfolio.slice(0, 32)} is not available for this token`,
      );
    }
    if (req.opcode === 'SpectraRisksGetAndSubscribe') {
      // The simulated client has one stock-market (FOND) portfolio and no derivatives one, so a
      // FORTS risk request names a portfolio that is not a FORTS portfolio; the spec gives no
      // answer for that case, so it is refused like any other invalid parameter [INF].
      return this.fail(req.guid, 400, `Portfolio ${req.portfolio.slice(0, 32)} is not a FORTS portfolio`);
    }
    let instrument: AlorInstrument | undefined;
    let market: SimMarket | undefined;
    if ('code' in req) {
      instrument = alorInstrumentBySymbol.get(req.code);
      market = this.ctx.broker.markets.get(req.code);
      if (
        !instrument ||
        !market ||
        instrument.exchange !== req.exchange ||
        (req.instrumentGroup && req.instrumentGroup !== instrument.board)
      ) {
        return this.fail(req.guid, 400, `Instrument ${req.exchange}:${req.code.slice(0, 32)} not found`);
      }
    }
    // The format's minimum conflation interval (alor.md §4.1: Simple 25, Slim 10, Heavy 500 ms).
    // The reference does not quote the venue's words for a smaller one; it is refused with 400
    // like any other invalid parameter rather than silently raised.
    const minimum = ALOR_MIN_FREQUENCY[req.format ?? 'Simple'];
    if ('frequency' in req && req.frequency !== undefined && req.frequency < minimum) {
      return this.fail(
        req.guid,
        400,
        `frequency: must be at least ${minimum} ms for format ${req.format ?? 'Simple'}`,
      );
    }
    // A guid names one subscription; a repeat on the same connection replaces it.
    const previous = this.subs.get(req.guid);
    if (!previous && this.subs.size >= this.ctx.maxSubscriptions) {
      return this.fail(req.guid, 429, `Too many subscriptions (limit ${this.ctx.maxSubscriptions})`);
    }
    previous?.stop();
    this.subs.delete(req.guid);
    this.ack(req.guid);
    const format: AlorFormat = req.format ?? 'Simple';
    const host: FeedHost = {
      broker: this.ctx.broker,
      bars: this.ctx.bars,
      stalled: () => this.ctx.stalled(),
      send: (guid, data) => this.data(guid, data),
      conflated: (...args) => this.conflated(...args),
    };
    this.subs.set(req.guid, subscribeFeed(host, req, format, instrument, market));
  }

  /**
   * A stream that sends at most one message per `frequency` ms, always the latest state, and
   * skips a state identical to the last one sent. The first message goes out at once. A state's
   * build may return undefined: the state counts as sent without a message (skipHistory).
   */
  private conflated(
    guid: string,
    frequency: number | undefined,
    format: AlorFormat,
    state: (force: boolean) => ConflatedState,
    listen: (kick: () => void) => () => void,
    marketData = true,
  ): Sub {
    const interval = Math.max(frequency ?? ALOR_DEFAULT_FREQUENCY, ALOR_MIN_FREQUENCY[format]);
    let lastKey = '';
    let lastSent = 0;
    let timer: NodeJS.Timeout | undefined;
    let held = false;
    const flush = (force = false) => {
      timer = undefined;
      if (this.ctx.stalled()) {
        held = true;
        return;
      }
      const s = state(force);
      if (!s || (s.key === lastKey && !s.force)) return;
      lastKey = s.key;
      const data = s.build();
      if (data === undefined) return;
      lastSent = Date.now();
      this.data(guid, data);
    };
    const kick = () => {
      if (timer || this.closed) return;
      timer = setTimeout(flush, Math.max(0, lastSent + interval - Date.now()));
    };
    flush(true);
    const off = listen(kick);
    return {
      guid,
      marketData,
      stop: () => {
        off();
        if (timer) clearTimeout(timer);
        timer = undefined;
      },
      resume: () => {
        if (held) {
          held = false;
          kick();
        }
      },
    };
  }

  private ack(guid: string): void {
    this.raw(JSON.stringify({ message: 'Handled successfully', httpCode: 200, requestGuid: guid }));
  }

  private data(guid: string, data: unknown): void {
    this.raw(JSON.stringify({ data, guid }));
  }

  /** One error reply, then the connection is closed (alor.md §4.3). */
  private fail(guid: string | null, httpCode: number, message: string): void {
    this.raw(JSON.stringify({ requestGuid: guid, httpCode, message }));
    this.dispose();
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(1000);
  }

  private raw(text: string): void {
    if (this.closed && !text.includes('"httpCode"')) return;
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.dispose();
      this.ws.terminate();
      return;
    }
    sendInTurn(this.ws, text);
  }
}

const KNOWN = new Set([
  'OrderBookGetAndSubscribe',
  'QuotesSubscribe',
  'AllTradesGetAndSubscribe',
  'OrdersGetAndSubscribeV2',
  'StopOrdersGetAndSubscribeV2',
  'TradesGetAndSubscribeV2',
  'PositionsGetAndSubscribeV2',
  'SummariesGetAndSubscribeV2',
  'RisksGetAndSubscribe',
  'SpectraRisksGetAndSubscribe',
  'BarsGetAndSubscribe',
  'InstrumentsGetAndSubscribeV2',
  'unsubscribe',
]);
