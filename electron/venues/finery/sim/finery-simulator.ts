// Finery Markets simulator: one HTTP server on 127.0.0.1 serving the signed WebSocket at /ws and
// the signed REST API at /api/<method> (../shared/venues/finery-markets.md).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createLogger, registerSecret } from '../../../base/log';
import { createMarketGenerator } from '../../simkit';
import type {
  MarketGenerator,
  SimFaults,
  VenueSimulatorHandle,
  VenueSimulatorOptions,
} from '../../simkit/types';
import { ErrorCode, WIRE_SCALE, parseJsonExact, stringifyJsonExact } from '../wire/finery-wire';
import { Account, type FineryClientType } from './account';
import { KeyAuthority, type NonceRule } from './auth';
import { BookHub } from './books';
import { Catalog, finerySimMarketSpecs } from './catalog';
import { CreditDesk } from './credit';
import { callMethod } from './methods';
import { SettlementDesk } from './settlement';
import { Session } from './session';

export { finerySimMarketSpecs };

/** Beyond SimFaults: the gateway's backend link status, announced as ["X",0,"Z",code] (reference §3.1). */
export interface FinerySimHandle extends VenueSimulatorHandle<FinerySimDescriptor> {
  setBackendStatus(code: number): void;
}

export type FinerySimDescriptor = {
  ws: string;
  rest: string;
  key: string;
  secret: string;
  instruments: string[];
};

export type FinerySimulatorOptions = VenueSimulatorOptions & {
  key?: string;
  secret?: string;
  /** Default 80 000 (reference §3.2). */
  idleTimeoutMs?: number;
  /** Allowed |now − timestamp|; undocumented (open question 2), default 60 000 as the reference suggests. */
  maxTimestampSkewMs?: number;
  /** WebSocket connections per client IP; default 100 (reference §10). */
  maxConnections?: number;
  nonceRule?: NonceRule;
  bookBSnapshotsOnly?: boolean;
  /** The key's client: 'maker' or 'taker' as at Finery (§8.1); default 'any' (see account.ts). */
  clientType?: FineryClientType;
};

const log = createLogger('finery-sim');
let simInstance = 1;
const MAX_BODY = 64 * 1024;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomKey(): string {
  return [...randomBytes(43)].map((b) => BASE62[b % 62]).join('');
}

export async function startFinerySimulator(options: FinerySimulatorOptions = {}): Promise<FinerySimHandle> {
  const host = options.host ?? '127.0.0.1';
  const key = options.key ?? randomKey();
  const secret = options.secret ?? randomKey();
  registerSecret(secret);
  const ownGenerator = !options.generator;
  const generator: MarketGenerator =
    options.generator ??
    createMarketGenerator(finerySimMarketSpecs, {
      seed: options.seed ?? 1,
      levelUpdatesPerSecond: options.rate ?? 0,
      ...(options.reference ? { reference: options.reference } : {}),
    });
  const markets = generator.markets;
  const catalog = new Catalog([...markets.keys()], (currency) => usdPrice(currency));
  const account = new Account(catalog, markets, `fm${simInstance++}`, options.clientType ?? 'any');
  const credit = new CreditDesk(account);
  const settlement = new SettlementDesk(account);
  const books = new BookHub(markets);
  const auth = new KeyAuthority({
    key,
    secret,
    maxTimestampSkewMs: options.maxTimestampSkewMs ?? 60_000,
    nonceRule: options.nonceRule ?? 'increasing',
  });
  const maxConnections = options.maxConnections ?? 100;
  const state = { replyDelayMs: 0, failInternally: false, backendStatus: 0 };
  const sessions = new Set<Session>();
  const perIp = new Map<string, number>();
  let nextSessionId = 1;

  function usdPrice(currency: string): number {
    if (currency === 'USD') return 10 ** WIRE_SCALE;
    const m = markets.get(`${currency}-USD`);
    const top = m?.top();
    if (!m || !top?.bid || !top.ask) return 0;
    const mid = Math.round((top.bid.price + top.ask.price) / 2);
    return mid * 10 ** (WIRE_SCALE - m.spec.priceDecimals);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const server = createServer((req, res) => {
    handleRest(req, res).catch((err: unknown) => {
      log.error('REST handling failed', { error: err instanceof Error ? err : String(err) });
      respond(res, 500, { error: ErrorCode.internalError });
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') return refuseUpgrade(socket, 404, { error: ErrorCode.methodNotAvailable });
    const ip = req.socket.remoteAddress ?? '?';
    // No error code is documented for the per-IP cap; 429 with a plain reason [INF].
    if ((perIp.get(ip) ?? 0) >= maxConnections) return refuseUpgrade(socket, 429, 'too many connections');
    const result = auth.verifyHandshake(req.headers);
    if (!result.ok) {
      log.info('handshake refused', { code: result.code, reason: result.reason });
      // Open question 7: the failure body is taken as {"error":n}, like REST.
      return refuseUpgrade(socket, 400, { error: result.code });
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
      const session = new Session(ws, {
        id: nextSessionId++,
        account,
        credit,
        settlement,
        books,
        log,
        idleTimeoutMs: options.idleTimeoutMs ?? 80_000,
        replyDelayMs: () => state.replyDelayMs,
        failInternally: () => state.failInternally,
        backendStatus: () => state.backendStatus,
        bookBSnapshotsOnly: options.bookBSnapshotsOnly === true,
        onClosed: (s) => {
          sessions.delete(s);
          perIp.set(ip, Math.max(0, (perIp.get(ip) ?? 1) - 1));
          const n = account.cancelOnDisconnect(s.id);
          if (n > 0) log.info('cancel-on-disconnect', { session: s.id, cancelled: n });
        },
      });
      sessions.add(session);
    });
  });

  async function handleRest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = (req.url ?? '').split('?')[0]!;
    if (!url.startsWith('/api/')) return respond(res, 404, { error: ErrorCode.methodNotAvailable });
    if (req.method !== 'POST') return respond(res, 405, { error: ErrorCode.methodNotAvailable });
    const method = decodeURIComponent(url.slice('/api/'.length));
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      return respond(res, 413, { error: ErrorCode.invalidParameter });
    }
    const verdict = auth.verifyRest(method, req.headers, body);
    if (!verdict.ok) return respond(res, 400, { error: verdict.code });
    let content: Record<string, unknown>;
    try {
      content = { ...(parseJsonExact(body) as Record<string, unknown>) };
    } catch {
      return respond(res, 400, { error: ErrorCode.invalidParameter });
    }
    delete content.nonce;
    delete content.timestamp;
    const r = callMethod(
      { account, credit, settlement, books, failInternally: () => state.failInternally },
      method,
      content,
      undefined,
    );
    const status = r.ok ? 200 : 400;
    const payload = r.ok ? r.reply : { error: r.error, ...(r.param ? { param: r.param } : {}), ...r.extra };
    if (state.replyDelayMs > 0) setTimeout(() => respond(res, status, payload), state.replyDelayMs);
    else respond(res, status, payload);
  }

  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  if (ownGenerator && (options.rate ?? 0) > 0) generator.start();

  function listen(p: number): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  function dropAll(): void {
    for (const s of sessions) s.ws.terminate();
  }

  async function shutdown(): Promise<void> {
    dropAll();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  const faults: SimFaults = {
    dropConnections: dropAll,
    stallFeeds: () => books.stall(),
    resumeFeeds: () => books.resume(),
    sendMalformed: (count = 1) => {
      for (const s of sessions)
        s.sendRawToBookBindings(
          (b) => `[${JSON.stringify(b.feed)},${JSON.stringify(b.wireId)},"M",[[["+",`,
          count,
        );
    },
    // Finery keys do not expire (reference §11): expiry is a documented no-op.
    expireTokens: () => log.info('expireTokens: Finery API keys do not expire; nothing to do'),
    // Revocation refuses new handshakes and REST calls (14); open sockets stay, as nothing re-checks them.
    revokeTokens: () => auth.revoke(),
    restart: async () => {
      await shutdown();
      await listen(port);
    },
    delayReplies: (ms) => {
      state.replyDelayMs = Math.max(0, ms);
    },
    rejectOrders: (on) => {
      account.rejectOrders = on;
    },
    failInternally: (on) => {
      state.failInternally = on;
    },
  };

  return {
    descriptor: {
      ws: `ws://${host}:${port}/ws`,
      rest: `http://${host}:${port}/api`,
      key,
      secret,
      instruments: catalog.instruments.map((i) => i.name),
    },
    faults,
    markets,
    setBackendStatus: (code) => {
      if (!Number.isInteger(code) || code < 0)
        throw new RangeError(`backend status must be a non-negative integer, got ${code}`);
      state.backendStatus = code;
      for (const s of sessions) s.announceStatus(code);
    },
    close: async () => {
      if (ownGenerator) generator.stop();
      await shutdown();
      books.dispose();
      account.dispose();
      wss.close();
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const reason = status === 400 ? 'Bad Request' : status === 404 ? 'Not Found' : 'Too Many Requests';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${typeof body === 'string' ? 'text/plain' : 'application/json'}\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

function respond(res: ServerResponse, status: number, payload: unknown): void {
  if (res.writableEnded) return;
  const text = stringifyJsonExact(payload);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
