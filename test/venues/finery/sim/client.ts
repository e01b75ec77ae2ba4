// An independent Finery client for the simulator tests, written from the reference
// (../shared/venues/finery-markets.md) with raw `ws` and node:crypto — deliberately not reusing
// the simulator's wire helpers, so a shared misunderstanding cannot make both sides agree.
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';

export function sign(secret: string, text: string): string {
  return createHmac('sha384', secret).update(text).digest('base64');
}

let lastNonce = Date.now() * 1000;
/** Strictly increasing across every connection of the test process. */
export function nextNonce(): number {
  lastNonce += 1;
  return lastNonce;
}

export interface Creds {
  key: string;
  secret: string;
}

export interface HandshakeOverrides {
  content?: string;
  sign?: string;
  key?: string;
  omit?: 'EFX-Key' | 'EFX-Sign' | 'EFX-Content';
}

export function handshakeHeaders(creds: Creds, o: HandshakeOverrides = {}): Record<string, string> {
  const content = o.content ?? JSON.stringify({ nonce: nextNonce(), timestamp: Date.now() });
  const headers: Record<string, string> = {
    'EFX-Key': o.key ?? creds.key,
    'EFX-Sign': o.sign ?? sign(creds.secret, content),
    'EFX-Content': content,
  };
  if (o.omit) delete headers[o.omit];
  return headers;
}

type Message = unknown[] | Record<string, unknown>;

export class FmClient {
  readonly messages: Message[] = [];
  readonly raw: string[] = [];
  private waiters: { pred: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  private reqId = 100;
  closed: Promise<{ code: number }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      let msg: Message;
      try {
        msg = JSON.parse(text) as Message;
      } catch {
        return;
      }
      this.messages.push(msg);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(msg)) return true;
        w.resolve(msg);
        return false;
      });
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve({ code })));
  }

  /** Resolves with the first message (already received or future) matching pred. */
  waitFor(pred: (m: Message) => boolean, ms = 5000, fromIndex = 0): Promise<Message> {
    const hit = this.messages.slice(fromIndex).find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting; last: ${JSON.stringify(this.messages.slice(-3))}`)),
        ms,
      );
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Waits for the next matching message that arrives after now. */
  next(pred: (m: Message) => boolean, ms = 5000): Promise<Message> {
    return this.waitFor(pred, ms, this.messages.length);
  }

  send(obj: unknown): void {
    this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
  }

  async bind(feed: string, feedId?: unknown): Promise<unknown[]> {
    const from = this.messages.length;
    this.send(feedId === undefined ? { event: 'bind', feed } : { event: 'bind', feed, feedId });
    return (await this.waitFor(
      (m) => Array.isArray(m) && m[0] === feed && (m[2] === 'S' || m[2] === 'Z'),
      5000,
      from,
    )) as unknown[];
  }

  async unbind(feed: string, feedId?: unknown): Promise<unknown[]> {
    const from = this.messages.length;
    this.send(feedId === undefined ? { event: 'unbind', feed } : { event: 'unbind', feed, feedId });
    return (await this.waitFor(
      (m) => Array.isArray(m) && m[0] === feed && (m[2] === 'U' || m[2] === 'Z'),
      5000,
      from,
    )) as unknown[];
  }

  async request(
    method: string,
    content: Record<string, unknown> = {},
    ms = 5000,
  ): Promise<Record<string, unknown>> {
    const reqId = ++this.reqId;
    const reply = this.next((m) => !Array.isArray(m) && m.reqId === reqId, ms);
    this.send({ event: 'request', reqId, method, content });
    return (await reply) as Record<string, unknown>;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    const done = this.closed.then(() => undefined);
    this.ws.close();
    return done;
  }
}

/** Connects and waits for ["X",0,"Z",0]. */
export async function connect(url: string, creds: Creds, o: HandshakeOverrides = {}): Promise<FmClient> {
  const ws = new WebSocket(url, { headers: handshakeHeaders(creds, o) });
  const client = new FmClient(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`unexpected ${res.statusCode}`)));
  });
  await client.waitFor((m) => Array.isArray(m) && m[0] === 'X');
  return client;
}

/** Attempts a handshake expected to fail; returns HTTP status and parsed body. */
export function refusedHandshake(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      reject(new Error('handshake unexpectedly accepted'));
    });
    ws.on('error', () => undefined);
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
  });
}

/** REST call signed as reference §2.2: EFX-Sign = base64(HMAC-SHA384(secret, method + body)). */
export async function rest(
  base: string,
  creds: Creds,
  method: string,
  content: Record<string, unknown> = {},
): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify({ ...content, nonce: nextNonce(), timestamp: Date.now() });
  const res = await fetch(`${base}/${method}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'text/html',
      'EFX-Key': creds.key,
      'EFX-Sign': sign(creds.secret, method + body),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

type Level = [number, number];

/** Applies Finery book actions as the reference describes (§6), including `~` truncation. */
export function applyBookSide(levels: Level[], updates: unknown[][], bids: boolean): Level[] {
  let out = levels.map((l) => [l[0], l[1]] as Level);
  const better = (a: number, b: number) => (bids ? a > b : a < b);
  for (const u of updates) {
    const [action, price, size] = u as [string, number, number];
    if (action === '~') {
      if (u.length === 1 || (price === 0 && size === 0)) {
        out = [];
        continue;
      }
      out = out.filter((l) => !better(l[0], price) && l[0] !== price);
      out.unshift([price, size]);
    } else if (action === '-') {
      out = out.filter((l) => l[0] !== price);
    } else if (action === 'M') {
      const l = out.find((x) => x[0] === price);
      if (!l) throw new Error(`M for missing level ${price}`);
      l[1] = size;
    } else if (action === '+') {
      if (out.some((x) => x[0] === price)) throw new Error(`+ for existing level ${price}`);
      const i = out.findIndex((x) => better(price, x[0]));
      if (i < 0) out.push([price, size]);
      else out.splice(i, 0, [price, size]);
    } else throw new Error(`unknown action ${action}`);
  }
  if (out.length > 25) throw new Error('more than 25 levels');
  return out;
}
