// Small HTTP helpers shared by the token endpoint and REST v2: bodies, problem+json, rate buckets.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 64 * 1024;

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge('body too large'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Already Exists',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** RFC 7807 body as the v2 API sends it (§11.3). */
export function sendProblem(
  res: ServerResponse,
  status: number,
  detail: string,
  extra: { title?: string; meta?: Record<string, unknown> } = {},
): void {
  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: extra.title ?? TITLES[status] ?? 'Error',
    status,
    detail,
  };
  if (extra.meta) body.meta = extra.meta;
  sendJson(res, status, body, 'application/problem+json');
}

/** The documented 429 body (§7). */
export function sendTooMany(res: ServerResponse): void {
  sendProblem(res, 429, 'Too many requests', { title: 'Too Many Requests' });
}

export interface RateRule {
  /** Average requests per second allowed over the window. */
  perSecond: number;
}

/**
 * Paxos limits average request rate per endpoint per IP over 5 minutes and then throttles the IP
 * for 5 minutes (§7). Window and throttle are configurable so tests can observe the 429.
 */
export class RateLimiter {
  /** Request times per key, oldest first; `head` skips the expired ones without shifting. */
  private readonly hits = new Map<string, { times: number[]; head: number }>();
  private readonly throttledUntil = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly throttleMs: number,
    private readonly enabled: boolean,
  ) {}

  /** Records a request; false when it must be answered with 429. */
  allow(ip: string, bucket: string, rule: RateRule): boolean {
    if (!this.enabled) return true;
    const key = `${ip}|${bucket}`;
    const now = Date.now();
    const until = this.throttledUntil.get(key);
    if (until !== undefined) {
      if (now < until) return false;
      this.throttledUntil.delete(key);
    }
    let h = this.hits.get(key);
    if (!h) this.hits.set(key, (h = { times: [], head: 0 }));
    while (h.head < h.times.length && h.times[h.head]! <= now - this.windowMs) h.head++;
    if (h.head > 1024 && h.head * 2 > h.times.length) {
      h.times = h.times.slice(h.head);
      h.head = 0;
    }
    h.times.push(now);
    if (h.times.length - h.head > Math.max(1, Math.floor((rule.perSecond * this.windowMs) / 1000))) {
      this.throttledUntil.set(key, now + this.throttleMs);
      this.hits.delete(key);
      return false;
    }
    return true;
  }
}

export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}
