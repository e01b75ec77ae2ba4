// The second host: the same core as the Electron app, served to a browser on 127.0.0.1 only.
// A page proves itself with the random token from the printed URL, from our own Origin, on our
// own Host header (which defeats DNS rebinding); anything else is refused at the upgrade.
// Nothing a client sends may end the process: every parse answers 4xx, and each handler is
// wrapped so that a bug in one request costs that request only.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { BRIDGE_PATH, MAX_CLIENT_MESSAGE_BYTES } from '../../shared/contract/bridge-protocol';
import type { CrossbookCore } from '../base/crossbook-core';
import { createLogger, RateLimitedLog } from '../base/log';
import { BASE_SECURITY_HEADERS, serveStatic } from '../base/static-files';
import { attachBridge } from './bridge';

const log = createLogger('web-host');

export interface WebHostOptions {
  core: CrossbookCore;
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
}

export interface RunningWebHost {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The path and query of a request target in origin-form ("/path?query"). Anything else — "//",
 * "//host:99999/", an absolute URL, "*" — is undefined: `new URL` would read it as an authority
 * and throw, or resolve it against a host that is not ours.
 */
export function parseRequestTarget(target: string | undefined): URL | undefined {
  if (!target || target[0] !== '/' || target[1] === '/' || target.length > 8192) return undefined;
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let origin = '';
  let hostHeader = '';
  const headers = () => ({
    ...BASE_SECURITY_HEADERS,
    'content-security-policy': contentSecurityPolicy(origin),
    'cross-origin-opener-policy': 'same-origin',
    'x-frame-options': 'DENY',
  });
  const plain = (res: ServerResponse, status: number, body: string) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { ...headers(), 'content-type': 'text/plain; charset=utf-8' }).end(body);
  };
  const refusals = new RateLimitedLog(log, 'refused HTTP requests', 20, 60_000);

  const server: Server = createServer((req, res) => {
    try {
      if (req.headers.host !== hostHeader) return plain(res, 421, 'wrong host');
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed');
      const url = parseRequestTarget(req.url);
      if (!url) {
        refusals.warn({ reason: 'unparsable request target' });
        return plain(res, 400, 'bad request target');
      }
      serveStatic(options.rendererDir, url.pathname, res, headers()).catch((error: unknown) => {
        log.error('static response failed', { error });
        plain(res, 500, 'internal error');
      });
    } catch (error) {
      log.error('request handler failed', { error });
      plain(res, 500, 'internal error');
    }
  });
  // Malformed request lines and headers (the parser's errors): answered 400 here, and counted
  // in the rate-limited log, so a flood of them costs a few log lines at most.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    refusals.warn({ reason: 'malformed HTTP', code: error.code ?? 'unknown' });
    if (socket.writable && !(error.code === 'ECONNRESET')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  wss.on('error', (error) => log.warn('bridge server error', { error }));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, why: string) => {
      refusals.warn({ reason: why, origin: String(req.headers.origin ?? '(none)').slice(0, 100) });
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    try {
      const url = parseRequestTarget(req.url);
      if (!url) return refuse(400, 'Bad Request');
      if (url.pathname !== BRIDGE_PATH) return refuse(404, 'Not Found');
      if (req.headers.host !== hostHeader) return refuse(421, 'Misdirected Request');
      if (req.headers.origin !== origin) return refuse(403, 'Forbidden');
      if (!sameToken(url.searchParams.get('token'), token)) return refuse(401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => attachBridge(ws, options.core));
    } catch (error) {
      log.error('upgrade handler failed', { error });
      refuse(400, 'Bad Request');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  hostHeader = `127.0.0.1:${port}`;
  log.info('web host listening', { origin });

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
