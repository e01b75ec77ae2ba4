// The connection half of the ALOR adapter: one session = /ws + /cws opened together, the token
// minted, /cws authorized, every wanted feed subscribed. Either socket closing ends the session;
// the loop then waits (exponential backoff with jitter) and starts a new one, which resubscribes
// everything from fresh snapshots and history replays and resends unanswered commands.
import type { WebSocket } from 'ws';
import type { ConnectionState } from '../../../../shared/domain';
import type { Logger } from '../../../base/log';
import { VenueError } from '../../common/adapter';
import { Backoff } from '../../common/backoff';
import type { AlorAdapterConfig } from './options';
import type { OrderDesk } from './cws';
import { openSocket } from './socket';
import { AuthRefused, errorName, type TokenManager } from './token';
import type { DataFeed, FeedSpec } from './ws';

export interface Outcome {
  reason: string;
  /** A credential was refused: state 'down' and the slower auth backoff. */
  auth: boolean;
  /** The session got as far as 'connected' before it ended. */
  connected: boolean;
}

export interface SessionHost {
  cfg: AlorAdapterConfig;
  log: Logger;
  tokens: TokenManager;
  desk: OrderDesk;
  feed: DataFeed;
  setPhase(state: ConnectionState, reason?: string): void;
  specs(): FeedSpec[];
  prepare(): Promise<void>;
  onConnected(): void;
  onFailed(err: VenueError): void;
  /** A ping → pong time on the order socket of a connected session. */
  onRoundTrip(ms: number): void;
}

export class SessionLoop {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private end: ((o: Outcome) => void) | undefined;
  private wake: (() => void) | undefined;
  private sockets: WebSocket[] = [];
  private connected = false;
  sessions = 0;

  constructor(private readonly host: SessionHost) {}

  get active(): boolean {
    return this.running;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.finish({ reason: 'disconnected by request', auth: false, connected: this.connected });
    await this.done;
  }

  /** Ends the current session (socket trouble, refused token); the loop reconnects. */
  finish(o: Outcome): void {
    const end = this.end;
    this.end = undefined;
    end?.(o);
  }

  private async loop(): Promise<void> {
    const backoff = new Backoff(this.host.cfg.backoff);
    const authBackoff = new Backoff({ initialMs: 2_000, maxMs: 300_000, ...this.host.cfg.authBackoff });
    while (this.running) {
      const o = await this.session();
      if (!this.running) break;
      if (o.connected) backoff.reset();
      const delay = o.auth ? authBackoff.next() : backoff.next();
      if (!o.auth && o.connected) authBackoff.reset();
      if (!o.connected) this.host.onFailed(failure(o));
      this.host.log.warn('ALOR session ended', { reason: o.reason, retryInMs: delay });
      const secs = Math.max(1, Math.round(delay / 1000));
      this.host.setPhase(o.auth ? 'down' : 'reconnecting', `${o.reason}; retrying in ${secs} s`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.wake = () => (clearTimeout(t), resolve());
      });
      this.wake = undefined;
    }
  }

  private async session(): Promise<Outcome> {
    this.connected = false;
    this.sessions++;
    const ended = new Promise<Outcome>((resolve) => (this.end = resolve));
    const h = this.host;
    const cfg = h.cfg;
    try {
      h.setPhase('connecting');
      await h.prepare();
      const opened = await Promise.allSettled([
        openSocket(cfg.wsUrl, cfg.httpTimeoutMs, cfg.pingIntervalMs),
        // Round trips are timed on /cws only: its pongs do not queue behind book frames, and it
        // is the path our orders take.
        openSocket(cfg.cwsUrl, cfg.httpTimeoutMs, cfg.pingIntervalMs, (ms) => {
          if (this.connected && this.open()) h.onRoundTrip(ms);
        }),
      ]);
      this.sockets = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const failed = opened.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      if (!this.open()) throw new Error('disconnected by request');
      const [ws, cws] = this.sockets as [WebSocket, WebSocket];
      ws.once('close', () =>
        this.finish({ reason: 'the ALOR data connection closed', auth: false, connected: this.connected }),
      );
      cws.once('close', () =>
        this.finish({ reason: 'the ALOR order connection closed', auth: false, connected: this.connected }),
      );
      h.feed.attach(ws);
      h.desk.attach(cws);
      h.setPhase('authenticating');
      await this.authorize(await h.tokens.get());
      for (const spec of h.specs()) await h.feed.subscribe(spec);
      if (this.open()) {
        this.connected = true;
        h.setPhase('connected');
        h.onConnected();
      }
    } catch (err) {
      this.finish(classify(err, this.connected));
    }
    const o = await ended;
    this.connected = false;
    h.feed.detach();
    h.desk.detach();
    for (const s of this.sockets.splice(0)) s.terminate();
    return o;
  }

  private open(): boolean {
    return this.end !== undefined;
  }

  /** authorize on /cws; a refused token is re-minted once before giving up. */
  async authorize(token: string): Promise<void> {
    const timeout = this.host.cfg.commandTimeoutMs;
    try {
      await this.host.desk.authorize(token, timeout);
    } catch (err) {
      if (!(err instanceof AuthRefused)) throw err;
      await this.host.desk.authorize(await this.host.tokens.remint(), timeout);
    }
  }
}

export function classify(err: unknown, connected: boolean): Outcome {
  if (err instanceof AuthRefused) {
    const reason =
      err.credential === 'refresh'
        ? 'ALOR refused the refresh token (wrong, expired or revoked): check the API token'
        : 'ALOR refused a freshly minted access token';
    return { reason, auth: true, connected };
  }
  return { reason: errorName(err), auth: false, connected };
}

function failure(o: Outcome): VenueError {
  return new VenueError(o.auth ? 'unauthorized' : 'unavailable', o.reason, !o.auth);
}
