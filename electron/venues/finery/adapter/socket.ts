// One authenticated WebSocket: the signed upgrade (a refusal's body carries the venue's error
// code), WebSocket pings well inside the venue's 80-second idle timeout, and a dead-peer check.
// The same pings time the round trip (rtt.ts).
import WebSocket from 'ws';
import { z } from 'zod';
import { PingClock } from '../../common/rtt';

export interface SocketOptions {
  url: string;
  headers: Record<string, string>;
  pingIntervalMs: number;
  /** Nothing received (frames or pongs) for this long: the peer is dead. */
  deadAfterMs: number;
  openTimeoutMs: number;
  onOpen: () => void;
  /** A ping → pong time, in milliseconds. */
  onRoundTrip?: (ms: number) => void;
  onText: (text: string, receivedAt: number) => void;
  /** Exactly once per socket; `refusal` is set when the upgrade was answered with an error. */
  onClose: (why: CloseInfo) => void;
}

export type CloseInfo =
  { kind: 'refused'; status: number; code?: number } | { kind: 'closed'; reason: string };

const refusalBody = z.looseObject({ error: z.number().int() });

export class FinerySocket {
  private readonly ws: WebSocket;
  private readonly clock: PingClock;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private lastHeard = Date.now();
  private closed = false;

  constructor(private readonly options: SocketOptions) {
    this.ws = new WebSocket(options.url, {
      headers: options.headers,
      handshakeTimeout: options.openTimeoutMs,
    });
    this.clock = new PingClock(this.ws, (ms) => {
      if (this.open) options.onRoundTrip?.(ms);
    });
    this.openTimer = setTimeout(
      () => this.finish({ kind: 'closed', reason: 'connect timed out' }),
      options.openTimeoutMs,
    );
    this.ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 4096) body += c;
      });
      res.on('end', () => {
        let code: number | undefined;
        try {
          code = refusalBody.parse(JSON.parse(body)).error;
        } catch {
          code = undefined;
        }
        this.finish({
          kind: 'refused',
          status: res.statusCode ?? 0,
          ...(code !== undefined ? { code } : {}),
        });
        req.destroy();
      });
      res.on('error', () => this.finish({ kind: 'refused', status: res.statusCode ?? 0 }));
    });
    this.ws.on('open', () => {
      clearTimeout(this.openTimer);
      this.lastHeard = Date.now();
      this.pingTimer = setInterval(() => this.keepalive(), options.pingIntervalMs);
      this.pingTimer.unref?.();
      options.onOpen();
    });
    this.ws.on('message', (data, isBinary) => {
      this.lastHeard = Date.now();
      if (isBinary || this.closed) return;
      options.onText(data.toString(), this.lastHeard);
    });
    this.ws.on('pong', () => {
      this.lastHeard = Date.now();
    });
    this.ws.on('error', (err) => this.finish({ kind: 'closed', reason: plainNetworkError(err) }));
    this.ws.on('close', (code) => this.finish({ kind: 'closed', reason: `connection closed (${code})` }));
  }

  get open(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN;
  }

  send(text: string): boolean {
    if (!this.open) return false;
    this.ws.send(text);
    return true;
  }

  close(): void {
    this.finish({ kind: 'closed', reason: 'closed by us' });
  }

  private keepalive(): void {
    if (Date.now() - this.lastHeard > this.options.deadAfterMs) {
      this.finish({ kind: 'closed', reason: `nothing heard for ${this.options.deadAfterMs} ms` });
      return;
    }
    if (this.open) this.clock.ping();
  }

  private finish(why: CloseInfo): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.openTimer);
    clearInterval(this.pingTimer);
    this.ws.removeAllListeners('message');
    this.ws.on('error', () => undefined);
    try {
      this.ws.terminate();
    } catch {
      // already gone
    }
    this.options.onClose(why);
  }
}

function plainNetworkError(err: Error): string {
  const code = (err as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'venue refused the connection';
  if (code === 'ENOTFOUND') return 'venue host not found';
  if (code === 'ECONNRESET') return 'connection reset';
  return `network error: ${err.message.slice(0, 120)}`;
}
