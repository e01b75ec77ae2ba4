// ALOR Open API simulator: one HTTP server on 127.0.0.1 with the token server (POST /refresh),
// the /md/v2 HTTP endpoints, and the /ws (data) and /cws (orders) WebSockets, over the shared
// simkit markets. Protocol per ../shared/venues/alor.md; choices on its open questions are
// commented where they are made (jwt.ts, cws.ts, broker.ts, ws.ts).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../../../base/log';
import { createMarketGenerator } from '../../simkit';
import type { SimFaults, VenueSimulatorHandle, VenueSimulatorOptions } from '../../simkit/types';
import { BarHistory } from './bars';
import { Broker } from './broker';
import { CwsSession, GuidMemory, type CwsFaultState } from './cws';
import { handleHttp } from './http';
import { ReqIdMemory } from './http-orders';
import { TokenAuthority } from './jwt';
import { alorSimMarketSpecs } from './specs';
import { WsSession } from './ws';

export { alorSimMarketSpecs, alorInstruments } from './specs';

export type AlorSimDescriptor = {
  ws: string;
  cws: string;
  /** Base URL that /refresh hangs off. */
  oauth: string;
  /** HTTP API base. */
  api: string;
  refreshToken: string;
  portfolio: string;
  symbols: string[];
};

export type AlorSimulatorOptions = VenueSimulatorOptions & {
  refreshToken?: string;
  portfolio?: string;
  /** Access-token lifetime; ALOR's is 30 minutes. */
  jwtLifetimeSeconds?: number;
  /** Concurrent WebSocket connections (/ws and /cws together); ALOR allows 10. */
  maxConnections?: number;
  /** Subscriptions per /ws session; ALOR allows 5000. */
  maxSubscriptions?: number;
};

const log = createLogger('alor-sim');

export async function startAlorSimulator(
  options: AlorSimulatorOptions = {},
): Promise<VenueSimulatorHandle<AlorSimDescriptor>> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1')
    throw new Error('The ALOR simulator listens on loopback only');
  const seed = options.seed ?? 1;
  const rate = options.rate ?? 0;
  const lifetime = options.jwtLifetimeSeconds ?? 1800;
  if (!Number.isFinite(lifetime) || lifetime <= 0)
    throw new RangeError('jwtLifetimeSeconds must be a positive number');
  const maxConnections = options.maxConnections ?? 10;
  const maxSubscriptions = options.maxSubscriptions ?? 5000;
  const refreshToken = options.refreshToken ?? randomBytes(18).toString('hex');
  const portfolio = options.portfolio ?? `D${10000 + (Math.abs(Math.trunc(seed)) % 90000)}`;

  const ownGenerator = !options.generator;
  const generator =
    options.generator ??
    createMarketGenerator(alorSimMarketSpecs, {
      seed,
      levelUpdatesPerSecond: rate,
      ...(options.reference ? { reference: options.reference } : {}),
    });
  if (ownGenerator && rate > 0) generator.start();

  const tokens = new TokenAuthority(refreshToken, `P0${portfolio.slice(1)}`, [portfolio], lifetime);
  const broker = new Broker(generator.markets, portfolio);
  const bars = new BarHistory(broker);
  const faults: CwsFaultState = { delayMs: 0, rejectOrders: false, failInternally: false };
  let stalled = false;
  const seen = new GuidMemory();
  const reqIds = new ReqIdMemory();
  const wsSessions = new Set<WsSession>();
  const sockets = new Set<WebSocket>();
  const rawSockets = new Set<Socket>();

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  wss.on('connection', (ws: WebSocket, path: string) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => ws.terminate());
    if (path === '/ws') {
      const session = new WsSession(ws, {
        broker,
        bars,
        tokens,
        maxSubscriptions,
        stalled: () => stalled,
      });
      wsSessions.add(session);
      ws.on('close', () => wsSessions.delete(session));
    } else {
      new CwsSession(ws, { broker, tokens, seen, faults });
    }
  });

  let server: Server;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = createServer((req, res) => handleHttp({ broker, tokens, faults, reqIds }, req, res));
      server.on('connection', (s: Socket) => {
        rawSockets.add(s);
        s.on('close', () => rawSockets.delete(s));
      });
      server.on('upgrade', (req, socket, head) => {
        const path = new URL(req.url ?? '/', 'http://sim').pathname;
        if (path !== '/ws' && path !== '/cws') return refuse(socket, 404, 'Not Found');
        // ALOR's limit is 10 concurrent WebSocket connections; what it answers past it is not
        // documented, so the handshake is refused with 429 [INF].
        if (sockets.size >= maxConnections) return refuse(socket, 429, 'Too Many Requests');
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, path));
      });
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const addr = server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });

  const closeAll = async () => {
    for (const ws of sockets) ws.terminate();
    sockets.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of rawSockets) s.destroy();
    });
  };

  const port = await listen(options.port ?? 0);
  const base = `http://${host}:${port}`;
  const descriptor: AlorSimDescriptor = {
    ws: `ws://${host}:${port}/ws`,
    cws: `ws://${host}:${port}/cws`,
    oauth: base,
    api: base,
    refreshToken,
    portfolio,
    symbols: [...generator.markets.keys()],
  };
  log.debug('ALOR simulator listening', { api: base, portfolio });

  const simFaults: SimFaults = {
    dropConnections: () => {
      for (const ws of sockets) ws.terminate();
      for (const s of rawSockets) s.destroy();
    },
    stallFeeds: () => {
      stalled = true;
    },
    resumeFeeds: () => {
      stalled = false;
      for (const s of wsSessions) s.resumeFeeds();
    },
    sendMalformed: (count = 1) => {
      for (const s of wsSessions) s.sendMalformed(Math.max(0, Math.trunc(count)));
    },
    expireTokens: () => tokens.expireAll(),
    revokeTokens: () => tokens.revokeAll(),
    restart: async () => {
      await closeAll();
      await listen(port);
    },
    delayReplies: (ms: number) => {
      faults.delayMs = Number.isFinite(ms) && ms > 0 ? ms : 0;
    },
    rejectOrders: (on: boolean) => {
      faults.rejectOrders = on;
    },
    failInternally: (on: boolean) => {
      faults.failInternally = on;
    },
  };

  let closed = false;
  return {
    descriptor,
    faults: simFaults,
    markets: generator.markets,
    close: async () => {
      if (closed) return;
      closed = true;
      if (ownGenerator) generator.stop();
      bars.close();
      broker.close();
      await closeAll();
      wss.close();
    },
  };
}

function refuse(socket: { write(s: string): void; destroy(): void }, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
