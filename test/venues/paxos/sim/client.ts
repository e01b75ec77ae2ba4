// An independent Paxos client for the simulator tests, written from ../shared/venues/paxos.md
// with raw `ws` and fetch only (never our adapter), so the tests check the protocol itself.
import WebSocket from 'ws';
import type { PaxosSimDescriptor } from '../../../../electron/venues/paxos/sim/paxos-simulator';

export const MD_SCOPE = 'exchange:read_aggregated_marketdata_stream';
export const ALL_SCOPES = `${MD_SCOPE} exchange:read_order exchange:write_order`;

export async function tokenRequest(
  url: string,
  fields: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function getToken(d: PaxosSimDescriptor, scope = ALL_SCOPES): Promise<string> {
  const r = await tokenRequest(d.oauth, {
    grant_type: 'client_credentials',
    client_id: d.clientId,
    client_secret: d.clientSecret,
    scope,
  });
  if (r.status !== 200) throw new Error(`token request failed: ${r.status}`);
  return r.body.access_token as string;
}

export interface Frame {
  raw: string;
  json?: Record<string, unknown>;
}

type Pred = (m: Record<string, unknown>) => boolean;

export class MarketSocketClient {
  readonly frames: Frame[] = [];
  private readonly taken = new Set<number>();
  private readonly waiters = new Set<() => void>();
  closeCode: number | undefined;
  pings = 0;
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const raw = data.toString();
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      this.frames.push({ raw, json });
      for (const w of [...this.waiters]) w();
    });
    ws.on('ping', () => this.pings++);
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        for (const w of [...this.waiters]) w();
        resolve(code);
      }),
    );
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** First not-yet-taken JSON frame matching `pred`, waiting up to `ms` for it. */
  waitFor(pred: Pred, ms = 5000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = 0; i < this.frames.length; i++) {
          const j = this.frames[i]!.json;
          if (!this.taken.has(i) && j && pred(j)) {
            this.taken.add(i);
            done();
            resolve(j);
            return;
          }
        }
        if (this.closeCode !== undefined) {
          done();
          reject(new Error(`socket closed (${this.closeCode}) while waiting`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error('timed out waiting for a frame'));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Sends a request and waits for the reply frame of that `type` (or a top-level error). */
  request(msg: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.send(msg);
    return this.waitFor((m) => m.type === msg.type || m.type === 'error');
  }

  /** A round trip: every frame the server sent before this is received when it resolves. */
  async sync(): Promise<void> {
    await this.request({ type: 'subscription_list' });
  }

  channel(name: string): Array<Record<string, unknown>> {
    return this.frames
      .filter((f) => f.json?.channel === name)
      .map((f) => f.json!.payload as Record<string, unknown>);
  }

  close(): Promise<number> {
    if (this.closeCode === undefined) this.ws.terminate();
    return this.closed;
  }
}

export function connect(d: PaxosSimDescriptor, token: string): Promise<MarketSocketClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(d.ws, { headers: { Authorization: `Bearer ${token}` } });
    const client = new MarketSocketClient(ws);
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      ws.terminate();
      reject(new Error(`upgrade refused: ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

/** HTTP status the server answers a WS upgrade with (101 on success). */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      resolve(res.statusCode ?? 0);
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}

export async function rest(
  d: PaxosSimDescriptor,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown>; contentType: string }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${d.rest}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    contentType: res.headers.get('content-type') ?? '',
  };
}

/** Polls until `fn` returns a value; a bounded wait for an asynchronous state change. */
export async function eventually<T>(fn: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Parses an RFC 3339 time with up to nanosecond fraction into bigint nanoseconds. */
export function parseTimeNs(text: string): bigint {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!m) throw new Error(`not an RFC 3339 UTC time: ${text}`);
  const secs = BigInt(Date.parse(`${m[1]}Z`)) / 1000n;
  return secs * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}
