// The crash test: a child process trades through an OrderManager against venues living in this
// process and is SIGKILLed at random points, over and over. After every restart the child's view
// (rebuilt from its journal + reconciliation) must match the venues exactly: every fill known
// once, no fill twice in the journal, every venue order known, no order sent twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prng, startVenueServer, type VenueServer } from './crash/venue-server';
import { tempDir } from './helpers';

const KILLS = Number(process.env.CROSSBOOK_CRASH_KILLS ?? 100);
const SEED = Number(process.env.CROSSBOOK_CRASH_SEED ?? 20261121);
const CHILD = join(import.meta.dirname, 'crash', 'child.ts');

interface Ready {
  type: 'ready';
  replay: { records: number; truncatedBytes: number; skipped: number };
  fills: string[];
  live: { venue: string; cid: string; venueOrderId?: string; status: string }[];
  orders: { cid: string; venue: string; venueOrderId?: string }[];
  positions: { venue: string; position: string }[];
}

function startChild(
  journal: string,
  servers: VenueServer[],
  seed: number,
): { child: ChildProcess; ready: Promise<Ready> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, journal, String(servers[0]!.port), String(servers[1]!.port), String(seed)],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const ready = new Promise<Ready>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`child not ready in 20 s; stderr: ${err.slice(-2000)}`)),
      20_000,
    );
    child.stdout!.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      const msg = JSON.parse(out.slice(0, nl));
      if (msg.type === 'ready') resolve(msg);
      else reject(new Error(`child failed: ${msg.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}) before ready; stderr: ${err.slice(-2000)}`));
    });
  });
  return { child, ready };
}

function journalFillCounts(path: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.includes('"k":"fill"')) continue;
    try {
      const r = JSON.parse(line.slice(9));
      const key = `${r.fill.venue}:${r.fill.fillId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // a torn tail: the child truncates it on its next start
    }
  }
  return counts;
}

function check(ready: Ready, servers: VenueServer[], journal: string, round: number): void {
  const where = `after restart ${round}`;
  expect(ready.replay.skipped, where).toBe(0);
  const venueFills = servers.flatMap((s) => s.venue.fills.map((f) => `${f.venue}:${f.fillId}`));
  expect(new Set(ready.fills), `${where}: fills`).toEqual(new Set(venueFills));
  expect(ready.fills.length, `${where}: fills`).toBe(venueFills.length);
  for (const [id, n] of journalFillCounts(journal))
    expect(n, `${where}: fill ${id} journaled ${n} times`).toBe(1);

  const venueOpen = servers.flatMap((s) => s.venue.openOrders().map((o) => `${o.venue}:${o.venueOrderId}`));
  expect(new Set(ready.live.map((o) => `${o.venue}:${o.venueOrderId}`)), `${where}: working orders`).toEqual(
    new Set(venueOpen),
  );
  expect(
    ready.live.every((o) => o.status !== 'pending'),
    `${where}: nothing left pending`,
  ).toBe(true);

  const known = new Map(ready.orders.map((o) => [`${o.venue}:${o.venueOrderId}`, o.cid]));
  const cids = new Set<string>();
  for (const s of servers) {
    for (const o of s.venue.orders.values()) {
      expect(
        known.get(`${s.venue.venue}:${o.venueOrderId}`),
        `${where}: venue order ${o.venueOrderId} unknown`,
      ).toBe(o.clientOrderId);
      expect(cids.has(o.clientOrderId), `${where}: order ${o.clientOrderId} created twice`).toBe(false);
      cids.add(o.clientOrderId);
    }
    // Positions from our fills equal the venue's own net.
    let net = 0;
    for (const f of s.venue.fills) net += (f.side === 'buy' ? 1 : -1) * Math.round(Number(f.size) * 10_000);
    const mine = ready.positions.find((p) => p.venue === s.venue.venue);
    expect(Math.round(Number(mine?.position ?? '0') * 10_000), `${where}: ${s.venue.venue} position`).toBe(
      net,
    );
  }
}

function venueOrders(servers: { venue: { orders: Map<unknown, unknown> } }[]): number {
  return servers.reduce((n, s) => n + s.venue.orders.size, 0);
}

/** Resolves once `done()` holds, polling; gives up silently after `limitMs` (the guard below judges). */
async function until(done: () => boolean, limitMs: number): Promise<void> {
  const giveUp = Date.now() + limitMs;
  while (!done() && Date.now() < giveUp) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** Independent lanes (own venues, own journal) run side by side to keep the wall time down. */
const LANES = 2;

async function lane(index: number, kills: number): Promise<{ fills: number; orders: number }> {
  const seed = SEED + index * 1000;
  const servers = [await startVenueServer('paxos', seed), await startVenueServer('alor', seed + 1)];
  const t = tempDir();
  const journal = join(t.dir, 'orders.journal');
  const rnd = prng(seed);
  let fills = 0;
  try {
    for (let round = 0; round <= kills; round++) {
      const { child, ready } = startChild(journal, servers, seed + round * 7);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        const r = await ready;
        check(r, servers, journal, round);
        fills = r.fills.length;
        if (round === kills) break;
        const ordersBefore = venueOrders(servers);
        child.stdin!.write('go\n');
        // Trade until the venues have seen this round's first orders (a loaded machine may take
        // far longer than an idle one to get there), then for a random while more, then kill
        // without warning. A fixed time window alone traded too little under load for the
        // "it traded" guard below, which then failed while proving nothing about safety.
        await until(() => venueOrders(servers) >= ordersBefore + 2, 10_000);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(rnd() * 60)));
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
    }
    return { fills, orders: venueOrders(servers) };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    t.cleanup();
  }
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs at random points without losing or duplicating anything`, async () => {
    const perLane = Math.ceil(KILLS / LANES);
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i, perLane)));
    // The run must actually have traded, or the checks prove nothing.
    for (const r of results) {
      expect(r.fills).toBeGreaterThan(perLane);
      expect(r.orders).toBeGreaterThan(perLane * 2);
    }
  }, 240_000);
});
