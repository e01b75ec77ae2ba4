// A venue that outlives the trading process: FakeVenue behind a JSON-lines TCP socket on
// 127.0.0.1, with "other market participants" filling resting orders at random moments. Commands
// act at once; replies are delayed a little, so a kill often lands between the two.
import { createServer, type Server, type Socket } from 'node:net';
import { VenueError } from '../../../electron/venues/common/adapter';
import type { VenueId } from '../../../shared/domain';
import { FakeVenue } from '../fake/venue';

export interface VenueServer {
  venue: FakeVenue;
  port: number;
  close(): Promise<void>;
}

/** Small deterministic PRNG (mulberry32) so a failing run can be replayed by seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startVenueServer(id: VenueId, seed: number): Promise<VenueServer> {
  const venue = new FakeVenue(id);
  const rnd = prng(seed);
  let client: Socket | undefined;
  const send = (s: Socket | undefined, msg: unknown) => {
    if (s && !s.destroyed) s.write(JSON.stringify(msg) + '\n');
  };
  venue.onOrder = (u) => send(client, { event: 'order', data: u });
  venue.onFill = (f) => send(client, { event: 'fill', data: f });

  const marketActivity = () => {
    const open = venue.openOrders();
    if (open.length === 0 || rnd() > 0.35) return;
    const o = open[Math.floor(rnd() * open.length)]!;
    const left = Number(o.size) - Number(o.filled);
    const lots = Math.max(1, Math.round(left * 10_000 * (rnd() < 0.5 ? 1 : 0.5)));
    venue.fill(o.venueOrderId, lots);
  };

  const handle = (s: Socket, msg: { id: number; method: string; params: unknown }) => {
    let reply: unknown;
    try {
      const p = msg.params as never;
      switch (msg.method) {
        case 'place': {
          const u = venue.place(p);
          reply = { ok: true, result: u };
          // Marketable on arrival now and then.
          if (u.status === 'working' && u.filled === '0' && rnd() < 0.25) {
            venue.fill(
              u.venueOrderId,
              Math.max(1, Math.round(Number(u.size) * 10_000 * (rnd() < 0.5 ? 1 : 0.4))),
            );
            reply = { ok: true, result: venue.view(venue.orders.get(u.venueOrderId)!) };
          }
          break;
        }
        case 'modify':
          reply = { ok: true, result: venue.modify(p) };
          break;
        case 'cancel':
          reply = { ok: true, result: venue.cancel(p) };
          break;
        case 'cancelAll':
          reply = { ok: true, result: { cancelled: venue.cancelAll(p), failed: [] } };
          break;
        case 'openOrders':
          reply = { ok: true, result: venue.openOrders() };
          break;
        case 'fillsSince':
          reply = { ok: true, result: venue.fillsSince(p) };
          break;
        default:
          reply = { ok: false, error: { kind: 'invalid', message: `unknown method ${msg.method}` } };
      }
    } catch (e) {
      const err = e instanceof VenueError ? e : new VenueError('invalid', String(e));
      reply = { ok: false, error: { kind: err.kind, message: err.message, retryable: err.retryable } };
    }
    if (msg.method !== 'openOrders' && msg.method !== 'fillsSince') marketActivity();
    const delay = Math.floor(rnd() * 4);
    setTimeout(() => send(s, { id: msg.id, ...(reply as object) }), delay);
  };

  const server: Server = createServer((s) => {
    client?.destroy();
    client = s;
    let buf = '';
    s.setEncoding('utf8');
    s.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line) handle(s, JSON.parse(line));
      }
    });
    s.on('error', () => {});
    s.on('close', () => {
      if (client === s) client = undefined;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    venue,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        client?.destroy();
        server.close(() => resolve());
      }),
  };
}
