// A deliberately independent ALOR client for the simulator tests: raw `ws` + fetch, following
// ../shared/venues/alor.md, sharing nothing with our adapter.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { createMarketGenerator } from '../../../../electron/venues/simkit';
import type { MarketGenerator } from '../../../../electron/venues/simkit/types';
import {
  alorSimMarketSpecs,
  startAlorSimulator,
  type AlorSimulatorOptions,
} from '../../../../electron/venues/alor/sim/alor-simulator';

export type Msg = Record<string, unknown> & { raw?: string };

export const uuid = () => randomUUID();

export async function startSim(extra: Partial<AlorSimulatorOptions> = {}) {
  const generator: MarketGenerator = createMarketGenerator(alorSimMarketSpecs, {
    seed: 7,
    levelUpdatesPerSecond: 0,
  });
  const sim = await startAlorSimulator({ seed: 7, rate: 0, generator, ...extra });
  return { sim, generator };
}

export async function accessToken(oauth: string, refresh: string): Promise<string> {
  const res = await fetch(`${oauth}/refresh?token=${encodeURIComponent(refresh)}`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`refresh failed: ${res.status}`);
  return ((await res.json()) as { AccessToken: string }).AccessToken;
}

export class Client {
  readonly messages: Msg[] = [];
  private waiters: { match: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  closed = false;
  closeCode: number | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const raw = data.toString();
      let m: Msg;
      try {
        m = JSON.parse(raw) as Msg;
      } catch {
        m = { raw };
      }
      this.messages.push(m);
      for (const w of [...this.waiters]) {
        if (w.match(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    ws.on('close', (code) => {
      this.closed = true;
      this.closeCode = code;
    });
  }

  static connect(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(obj: unknown): void {
    this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
  }

  /** Next message (already received or future) matching; consumed so the next call finds the next one. */
  next(match: (m: Msg) => boolean, timeoutMs = 5000): Promise<Msg> {
    const i = this.messages.findIndex((m) => match(m) && !consumed.has(m));
    if (i >= 0) {
      consumed.add(this.messages[i]!);
      return Promise.resolve(this.messages[i]!);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      this.waiters.push({
        match: (m) => match(m) && !consumed.has(m),
        resolve: (m) => {
          clearTimeout(timer);
          consumed.add(m);
          resolve(m);
        },
      });
    });
  }

  reply(guid: string): Promise<Msg> {
    return this.next((m) => m.requestGuid === guid);
  }

  data(
    guid: string,
    pred: (d: Record<string, unknown>) => boolean = () => true,
  ): Promise<Record<string, unknown>> {
    return this.next(
      (m) => m.guid === guid && m.data !== undefined && pred(m.data as Record<string, unknown>),
    ).then((m) => m.data as Record<string, unknown>);
  }

  waitClosed(timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

const consumed = new WeakSet<Msg>();

/** An authorized /cws connection. */
export async function cwsClient(url: string, token: string): Promise<Client> {
  const c = await Client.connect(url);
  const guid = uuid();
  c.send({ opcode: 'authorize', guid, token });
  const r = await c.reply(guid);
  if (r.httpCode !== 200) throw new Error(`authorize failed: ${JSON.stringify(r)}`);
  return c;
}

/** Sends a command and resolves with its reply. */
export async function command(c: Client, body: Record<string, unknown>): Promise<Msg> {
  const guid = (body.guid as string | undefined) ?? uuid();
  c.send({ guid, ...body });
  return c.reply(guid);
}

export const sber = { symbol: 'SBER', exchange: 'MOEX', instrumentGroup: 'TQBR' };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
