// The /cws order connection (alor.md §3, §6). Commands are keyed by their guid and outlive the
// socket: one whose reply was not seen is sent again after reconnect + authorize with the SAME
// guid, which ALOR never executes twice. A command refused for the token (401) was not executed,
// so it waits for a fresh authorization and goes again, once.
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Logger } from '../../../base/log';
import { VenueError } from '../../common/adapter';
import { alorReplySchema, type AlorReply } from '../wire/alor-wire';
import { AuthRefused } from './token';

interface Pending {
  body: Record<string, unknown>;
  text: string;
  sent: boolean;
  everSent: boolean;
  authRetries: number;
  resolve(reply: AlorReply): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface OrderDeskOptions {
  log: Logger;
  timeoutMs: number;
  /** A command came back 401: the session must re-mint and re-authorize. */
  onTokenRefused(): void;
  /** A frame we could not read (counted by the adapter). */
  onBadFrame(kind: 'malformed' | 'unknown'): void;
}

export class OrderDesk {
  private ws: WebSocket | undefined;
  private authorized = false;
  private readonly pending = new Map<string, Pending>();
  private readonly auths = new Map<string, { resolve(r: AlorReply): void; reject(e: Error): void }>();
  /** Commands resent after a reconnect (tests and stats). */
  resent = 0;
  /** Commands refused with 401 (token expired or revoked under us). */
  tokenRefusals = 0;

  constructor(private readonly options: OrderDeskOptions) {}

  attach(ws: WebSocket): void {
    this.ws = ws;
    this.authorized = false;
    ws.on('message', (data, isBinary) => this.onMessage(isBinary ? '' : data.toString()));
  }

  detach(): void {
    this.ws = undefined;
    this.authorized = false;
    for (const a of this.auths.values()) a.reject(new Error('the order connection closed'));
    this.auths.clear();
    for (const p of this.pending.values()) p.sent = false;
  }

  /** Authorizes this connection (again before expiry); resends every unanswered command after. */
  async authorize(token: string, timeoutMs: number): Promise<void> {
    const ws = this.ws;
    if (!ws) throw new Error('the order connection is not open');
    const guid = randomUUID();
    const reply = await new Promise<AlorReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.auths.delete(guid);
        reject(new Error('ALOR did not answer authorize in time'));
      }, timeoutMs);
      timer.unref?.();
      this.auths.set(guid, {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      ws.send(JSON.stringify({ opcode: 'authorize', guid, token }));
    });
    if (reply.httpCode === 401 || reply.httpCode === 403)
      throw new AuthRefused('access', `ALOR refused the access token on /cws (${reply.httpCode})`);
    if (reply.httpCode !== 200)
      throw new Error(`ALOR /cws authorize failed: ${reply.message} (${reply.httpCode})`);
    if (this.ws !== ws) return;
    this.authorized = true;
    for (const p of this.pending.values()) {
      if (!p.sent) {
        if (p.everSent) this.resent++;
        this.transmit(p);
      }
    }
  }

  get ready(): boolean {
    return this.authorized && this.ws !== undefined;
  }

  /** Sends (or queues until authorized) one command; resolves with ALOR's reply. */
  command(body: Record<string, unknown>): Promise<AlorReply> {
    const guid = String(body.guid);
    const existing = this.pending.get(guid);
    if (existing) {
      // The same command again (e.g. a caller retry): share the outcome, never send it twice.
      return new Promise((resolve, reject) => {
        const { resolve: r0, reject: j0 } = existing;
        existing.resolve = (v) => (r0(v), resolve(v));
        existing.reject = (e) => (j0(e), reject(e));
      });
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(guid);
        reject(
          new VenueError(
            'timeout',
            `no reply from ALOR to ${String(body.opcode)} within ${this.options.timeoutMs} ms; resending with the same idempotency key is safe`,
            true,
          ),
        );
      }, this.options.timeoutMs);
      timer.unref?.();
      const p: Pending = {
        body,
        text: JSON.stringify(body),
        sent: false,
        everSent: false,
        authRetries: 0,
        resolve,
        reject,
        timer,
      };
      this.pending.set(guid, p);
      if (this.ready) this.transmit(p);
    });
  }

  failAll(err: Error): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this.pending.clear();
  }

  private transmit(p: Pending): void {
    if (!this.ws || this.ws.readyState !== this.ws.OPEN) return;
    p.sent = true;
    p.everSent = true;
    this.ws.send(p.text);
  }

  private onMessage(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.options.onBadFrame('malformed');
      this.options.log.warn('unreadable /cws frame', { length: text.length });
      return;
    }
    const parsed = alorReplySchema.safeParse(json);
    if (!parsed.success) {
      this.options.onBadFrame('malformed');
      return;
    }
    const reply = parsed.data;
    const guid = reply.requestGuid ?? '';
    const auth = this.auths.get(guid);
    if (auth) {
      this.auths.delete(guid);
      auth.resolve(reply);
      return;
    }
    const p = this.pending.get(guid);
    if (!p) {
      // A late reply to a command that already timed out, or an error with no guid.
      this.options.onBadFrame('unknown');
      this.options.log.warn('unmatched /cws reply', { httpCode: reply.httpCode, message: reply.message });
      return;
    }
    if (reply.httpCode === 401 && p.authRetries === 0) {
      this.tokenRefusals++;
      p.authRetries++;
      p.sent = false;
      this.authorized = false;
      this.options.onTokenRefused();
      return;
    }
    this.pending.delete(guid);
    clearTimeout(p.timer);
    p.resolve(reply);
  }
}
