// Local Paxos simulator: OAuth2 token endpoint, Smart Order Routing WebSocket (market data) and
// REST v2 order entry on one HTTP server, following ../shared/venues/paxos.md. Market behaviour
// comes from the shared simkit; this folder only speaks the Paxos protocol around it.
//
// Readings taken where the reference leaves questions open (each also noted at its spot):
// bad/expired token on upgrade → 401; open sockets are closed (1008) when their token expires
// or is revoked (switchable); top-level errors are {"type":"error","error":CODE}; NO_EFFECT_ACTION
// is a per-channel failure; heartbeat every 1 s; an empty top-of-book side is []; the 1/s
// subscription rule is off unless asked for; no documented connection cap, so 20 per IP.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createLogger, registerSecret } from '../../../base/log';
import type {
  MarketGenerator,
  SimFaults,
  SimMarket,
  VenueSimulatorHandle,
  VenueSimulatorOptions,
} from '../../simkit/index';
import { createMarketGenerator } from '../../simkit/index';
import { SCOPE_MARKET_DATA_STREAM } from '../wire/paxos-wire';
import { DEFAULT_PRE_SNAPSHOT_REPLAY, MarketFeed } from './feed';
import type { FeedSink } from './feed';
import { BodyTooLarge, RateLimiter, bearerToken, clientIp, sendProblem, sendTooMany } from './http';
import { paxosSimMarketSpecs } from './markets';
import { OrderLedger } from './orders';
import { handleRest, rateBucket } from './rest';
import { MarketSocketSession } from './market-socket';
import type { MarketSocketSettings } from './market-socket';
import { TokenStore, handleTokenRequest } from './tokens';

export { paxosSimMarketSpecs } from './markets';

export type PaxosSimDescriptor = {
  ws: string;
  /** Full token URL. */
  oauth: string;
  /** Base URL for REST v2 (ends in /v2). */
  rest: string;
  clientId: string;
  clientSecret: string;
  /** The trading profile orders are placed under (REST v2 /profiles/{id}/orders). */
  profileId: string;
  markets: string[];
};

export type PaxosSimulatorOptions = VenueSimulatorOptions & {
  clientId?: string;
  clientSecret?: string;
  /** expires_in of issued tokens; default 3600 (P1's example). */
  tokenTtlSeconds?: number;
  profileId?: string;
  /** Concurrent SOR sockets per source IP; the reference gives no number, so 20 [INF]. */
  maxConnections?: number;
  /**
   * What happens to an open socket whose token expires or is revoked (open question 3). Default
   * 'close' (close code 1008): the reference tells clients to be ready for exactly that.
   */
  tokenExpiryPolicy?: 'close' | 'keep';
  heartbeatIntervalMs?: number;
  /** Server WS ping interval; a socket that missed the previous pong is terminated. */
  pingIntervalMs?: number;
  echoParams?: boolean;
  snapshotLagMs?: number;
  preSnapshotReplay?: number;
  throttleSubscriptions?: boolean;
  /** REST and token rate limits (§7), on by default; Paxos averages over 5 min and throttles 5 min. */
  rateLimits?: { enabled?: boolean; windowMs?: number; throttleMs?: number };
};

const log = createLogger('paxos-sim');

export async function startPaxosSimulator(
  options: PaxosSimulatorOptions = {},
): Promise<VenueSimulatorHandle<PaxosSimDescriptor>> {
  const host = options.host ?? '127.0.0.1';
  const clientId = options.clientId ?? randomBytes(12).toString('hex');
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  registerSecret(clientSecret);
  const ttl = options.tokenTtlSeconds ?? 3600;
  const profileId = options.profileId ?? randomUUID();
  const maxConnections = options.maxConnections ?? 20;
  const expiryPolicy = options.tokenExpiryPolicy ?? 'close';
  const settings: MarketSocketSettings = {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000, // "periodic" (open question 1): 1 s as the reference suggests
    echoParams: options.echoParams ?? true,
    snapshotLagMs: options.snapshotLagMs ?? 20,
    throttleSubscriptions: options.throttleSubscriptions ?? false,
  };

  const ownGenerator = options.generator === undefined;
  const generator: MarketGenerator =
    options.generator ??
    createMarketGenerator(paxosSimMarketSpecs, {
      seed: options.seed ?? 1,
      levelUpdatesPerSecond: options.rate ?? 0,
      ...(options.reference ? { reference: options.reference } : {}),
    });
  const markets = new Map<string, SimMarket>(generator.markets);

  const state = { stalled: false, failInternally: false, rejectOrders: false, delayMs: 0, closed: false };
  const sessions = new Set<MarketSocketSession>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): (() => void) => {
    const t = setTimeout(
      () => {
        timers.delete(t);
        fn();
      },
      Math.max(0, Math.min(ms, 2_147_483_647)),
    );
    timers.add(t);
    return () => {
      clearTimeout(t);
      timers.delete(t);
    };
  };

  const sink: FeedSink = {
    marketData: (feed, frame) => fanOut(feed, 'market_data', frame),
    topOfBook: (feed, frame) => fanOut(feed, 'market_data.top_of_book', frame),
    execution: (feed, frame) => fanOut(feed, 'execution_data', frame),
  };
  function fanOut(
    feed: MarketFeed,
    type: 'market_data' | 'market_data.top_of_book' | 'execution_data',
    frame: string,
  ): void {
    for (const s of sessions) if (s.subscribedTo(type, feed.symbol)) s.send(frame);
  }
  const feeds = new Map<string, MarketFeed>();
  const replay = options.preSnapshotReplay ?? DEFAULT_PRE_SNAPSHOT_REPLAY;
  for (const [symbol, market] of markets)
    feeds.set(symbol, new MarketFeed(symbol, market, sink, () => state.stalled, replay));

  const tokens = new TokenStore(ttl);
  const ledger = new OrderLedger(markets);
  const limiter = new RateLimiter(
    options.rateLimits?.windowMs ?? 300_000,
    options.rateLimits?.throttleMs ?? 300_000,
    options.rateLimits?.enabled ?? true,
  );
  const nextSubscribeSlot = new Map<string, number>();

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (state.delayMs > 0) await new Promise((r) => later(state.delayMs, () => r(undefined)));
      const url = new URL(req.url ?? '/', 'http://localhost');
      const ip = clientIp(req);
      if (url.pathname === '/oauth2/token') {
        if (!limiter.allow(ip, 'token', { perSecond: 1 })) return sendTooMany(res);
        return await handleTokenRequest(req, res, tokens, { id: clientId, secret: clientSecret }, ttl);
      }
      if (url.pathname.startsWith('/v2/') || url.pathname === '/v2') {
        const b = rateBucket(url.pathname);
        if (!limiter.allow(ip, b.bucket, { perSecond: b.perSecond })) return sendTooMany(res);
        return await handleRest(restCtx, req, res, url);
      }
      sendProblem(res, 404, 'Not Found');
    } catch (err) {
      if (err instanceof BodyTooLarge) return sendProblem(res, 413, 'Request body too large');
      log.warn('request failed', { error: err instanceof Error ? err.message : String(err) });
      sendProblem(res, 500, 'Internal error', { title: 'Internal Server Error' });
    }
  }

  const restCtx = {
    profileId,
    markets,
    ledger,
    tokens,
    rejectOrders: () => state.rejectOrders,
    failInternally: () => state.failInternally,
    later,
  };

  function refuseUpgrade(
    socket: Duplex,
    status: number,
    message: string,
    extra: Record<string, string> = {},
  ): void {
    const body = JSON.stringify({ error: message });
    const headers = {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(body)),
      Connection: 'close',
      ...extra,
    };
    const head = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/') return refuseUpgrade(socket, 404, 'Not Found');
    const check = tokens.check(bearerToken(req));
    // 401 for a missing/invalid/expired token is the reference's inferred reading (open question 3).
    if (!check.ok) return refuseUpgrade(socket, 401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer' });
    if (!check.record.scopes.has(SCOPE_MARKET_DATA_STREAM)) return refuseUpgrade(socket, 403, 'Forbidden');
    const ip = clientIp(req);
    let count = 0;
    for (const s of sessions) if (s.ip === ip) count++;
    if (count >= maxConnections) return refuseUpgrade(socket, 429, 'Too Many Requests');
    const record = check.record;
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (state.closed) return ws.terminate();
      const session = new MarketSocketSession(ws, ip, record, marketSocketCtx);
      sessions.add(session);
      const cancelExpiry = later(record.expiresAtMs - Date.now(), () => enforceToken(session));
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        cancelExpiry();
        session.dispose();
        sessions.delete(session);
      });
    });
  }

  function enforceToken(session: MarketSocketSession): void {
    if (expiryPolicy !== 'close' || session.closed || tokens.check(session.token.token).ok) return;
    session.ws.close(1008, 'token expired');
    session.dispose();
  }
  tokens.onInvalidate(() => {
    for (const s of sessions) enforceToken(s);
  });

  const marketSocketCtx = {
    settings,
    feeds,
    stalled: () => state.stalled,
    failInternally: () => state.failInternally,
    subscribeDelay: (ip: string, n: number) => {
      // 1 subscription per second per source IP; excess waits rather than fails (§7).
      const now = Date.now();
      const start = Math.max(now, nextSubscribeSlot.get(ip) ?? 0);
      nextSubscribeSlot.set(ip, start + 1000 * n);
      return start - now;
    },
  };

  const server = createServer((req, res) => void onRequest(req, res));
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_err, socket) => socket.destroy());

  const pingTimer = setInterval(() => {
    for (const s of sessions) {
      if (!s.alive) {
        s.ws.terminate();
        continue;
      }
      s.alive = false;
      s.ws.ping();
    }
  }, options.pingIntervalMs ?? 20_000);

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(options.port ?? 0);
  if (ownGenerator && (options.rate ?? 0) > 0) generator.start();

  const dropSockets = () => {
    for (const s of sessions) {
      s.dispose();
      s.ws.terminate();
    }
    sessions.clear();
  };
  const stopServer = () =>
    new Promise<void>((resolve) => {
      dropSockets();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  const faults: SimFaults = {
    dropConnections: dropSockets,
    // Market data, top of book and executions stop; heartbeats and pings go on, which is the
    // nasty case a client has to notice (live socket, stale book). Missed UPDATEs are lost.
    stallFeeds: () => {
      state.stalled = true;
    },
    resumeFeeds: () => {
      state.stalled = false;
      for (const s of sessions) s.resumed();
    },
    sendMalformed: (count = 1) => {
      for (const s of sessions) s.sendMalformed(count);
    },
    expireTokens: () => tokens.expireAll(),
    revokeTokens: () => tokens.revokeAll(),
    restart: async () => {
      await stopServer();
      await listen(port);
    },
    delayReplies: (ms) => {
      state.delayMs = Math.max(0, ms);
    },
    rejectOrders: (on) => {
      state.rejectOrders = on;
    },
    failInternally: (on) => {
      state.failInternally = on;
    },
  };

  const base = `${host}:${port}`;
  log.debug('paxos simulator listening', { port });
  return {
    descriptor: {
      ws: `ws://${base}/`,
      oauth: `http://${base}/oauth2/token`,
      rest: `http://${base}/v2`,
      clientId,
      clientSecret,
      profileId,
      markets: [...markets.keys()],
    },
    faults,
    markets,
    close: async () => {
      if (state.closed) return;
      state.closed = true;
      clearInterval(pingTimer);
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await stopServer();
      wss.close();
      for (const f of feeds.values()) f.dispose();
      ledger.dispose();
      if (ownGenerator) generator.stop();
    },
  };
}
