// Main-thread cost of hot market data: the three simulators (in a child process, so their own
// work is not charged to us) push level updates into the real adapters and the engine worker at a
// fixed total rate, as received, while the main thread's event-loop delay is sampled. Goal: p99
// <= 5 ms at 100,000 level updates per second.
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MarketDataService } from '../../electron/app/market-data';
import type { BookStats } from '../../electron/engine/protocol';
import { createAlorAdapter } from '../../electron/venues/alor/adapter/alor-adapter';
import type { VenueAdapter } from '../../electron/venues/common/adapter';
import { createFineryAdapter } from '../../electron/venues/finery/adapter/finery-adapter';
import { createPaxosAdapter } from '../../electron/venues/paxos/adapter/paxos-adapter';
import { calibrateLoad } from './load';

export interface EventLoopResult {
  target_level_updates_per_s: number;
  generated_level_updates_per_s: number;
  delivered_level_updates_per_s: number;
  event_loop_delay_p50_ms: number;
  event_loop_delay_p99_ms: number;
  event_loop_delay_max_ms: number;
  seconds: number;
  /** The same load with the market recorder off and on, in alternating windows. */
  recording?: RecordingCost;
}

export interface WindowSample {
  event_loop_delay_p99_ms: number;
  event_loop_delay_max_ms: number;
  /** The main thread's own CPU time over the window, as a share of one core. */
  main_thread_cpu_pct: number;
}

export interface RecordingCost {
  off: WindowSample;
  on: WindowSample;
  recorded_bytes_per_s: number;
  windows: number;
  window_seconds: number;
}

interface SimDescriptor {
  paxos: {
    ws: string;
    oauth: string;
    rest: string;
    clientId: string;
    clientSecret: string;
    profileId: string;
  };
  finery: { ws: string; rest: string; key: string; secret: string };
  alor: { ws: string; cws: string; oauth: string; api: string; refreshToken: string; portfolio: string };
}

function startSimulators(rate: number): Promise<{ child: ChildProcess; descriptor: SimDescriptor }> {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSource = import.meta.url.endsWith('.ts');
  const args = fromSource
    ? ['--import', 'tsx', join(here, '..', '..', 'electron', 'venues', 'simulators', 'sim-cli.ts')]
    : [join(here, 'sim.mjs')];
  const child = spawn(process.execPath, [...args, '--rate', String(rate), '--seed', '7'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('simulators did not start')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('CROSSBOOK_SIM=')) return;
      clearTimeout(timer);
      resolve({ child, descriptor: JSON.parse(line.slice('CROSSBOOK_SIM='.length)) as SimDescriptor });
    });
    child.once('exit', (code) => reject(new Error(`simulators exited with ${code}`)));
  });
}

function totalUpdates(books: Map<string, BookStats>): number {
  let n = 0;
  for (const b of books.values()) n += b.levelUpdates;
  return n;
}

interface Running {
  child: ChildProcess;
  adapters: VenueAdapter[];
  marketData: MarketDataService;
  books: Map<string, BookStats>;
}

/** Simulators generating at `rate` in a child process, with the real adapters and engine on them. */
async function startLoad(rate: number): Promise<Running> {
  const { child, descriptor: d } = await startSimulators(rate);
  const marketData = new MarketDataService();
  const adapters: VenueAdapter[] = [
    createPaxosAdapter({
      endpoints: { ws: d.paxos.ws, oauthToken: d.paxos.oauth, rest: d.paxos.rest },
      clientId: d.paxos.clientId,
      clientSecret: d.paxos.clientSecret,
      profileId: d.paxos.profileId,
      sink: marketData,
    }),
    createFineryAdapter({
      endpoints: { ws: d.finery.ws, rest: d.finery.rest },
      key: d.finery.key,
      secret: d.finery.secret,
      sink: marketData,
    }),
    createAlorAdapter({
      wsUrl: d.alor.ws,
      cwsUrl: d.alor.cws,
      apiUrl: d.alor.api,
      refreshUrl: `${d.alor.oauth}/refresh`,
      refreshToken: d.alor.refreshToken,
      portfolio: d.alor.portfolio,
      sink: marketData,
    }),
  ];
  const books = new Map<string, BookStats>();
  marketData.onStats((list) => list.forEach((b) => books.set(`${b.venue}:${b.market}`, b)));
  const running = { child, adapters, marketData, books };
  try {
    for (const adapter of adapters) {
      await adapter.connect();
      const markets = adapter.markets();
      marketData.defineMarkets(markets);
      for (const m of markets) adapter.subscribeMarket(m.market);
    }
    await new Promise((r) => setTimeout(r, 2000)); // snapshots in, JIT warm
    return running;
  } catch (e) {
    await stopLoad(running);
    throw e;
  }
}

async function stopLoad(r: Running): Promise<void> {
  await Promise.allSettled(r.adapters.map((a) => a.disconnect()));
  await r.marketData.close();
  r.child.kill('SIGTERM');
}

/** Level updates per second the engine applied over `ms`. */
async function receivedRate(books: Map<string, BookStats>, ms: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 600)); // one stats report, so the count is current
  const before = totalUpdates(books);
  const started = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  await new Promise((r) => setTimeout(r, 600));
  return (totalUpdates(books) - before) / ((performance.now() - started) / 1000);
}

async function sampleWindow(ms: number): Promise<WindowSample> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const cpu = process.threadCpuUsage();
  const started = performance.now();
  histogram.enable();
  await new Promise((r) => setTimeout(r, ms));
  histogram.disable();
  const used = process.threadCpuUsage(cpu);
  const wall = performance.now() - started;
  return {
    event_loop_delay_p99_ms: Math.round(histogram.percentile(99) / 1e4) / 100,
    event_loop_delay_max_ms: Math.round(histogram.max / 1e4) / 100,
    main_thread_cpu_pct: Math.round(((used.user + used.system) / 1000 / wall) * 1000) / 10,
  };
}

const mean = (xs: WindowSample[]): WindowSample => {
  const avg = (pick: (w: WindowSample) => number) =>
    Math.round((xs.reduce((a, w) => a + pick(w), 0) / xs.length) * 100) / 100;
  return {
    event_loop_delay_p99_ms: avg((w) => w.event_loop_delay_p99_ms),
    event_loop_delay_max_ms: avg((w) => w.event_loop_delay_max_ms),
    main_thread_cpu_pct: avg((w) => w.main_thread_cpu_pct),
  };
};

/**
 * What the market recorder (electron/replay/recording/, beside the engine on its worker) costs
 * the main thread: the same running load, recorder off and on in alternating windows, so a burst
 * from other processes lands on both. The recorder's own work is on the engine worker and the
 * thread pool; only the main thread is measured here.
 */
async function measureRecording(
  marketData: MarketDataService,
  windows: number,
  windowMs: number,
): Promise<RecordingCost> {
  const dir = await mkdtemp(join(tmpdir(), 'crossbook-bench-rec-'));
  const target = {
    dir,
    profile: 'bench',
    maxFileBytes: 256 * 1024 * 1024,
    maxFileMs: 3_600_000,
    maxTotalBytes: 4 * 1024 * 1024 * 1024,
  };
  const off: WindowSample[] = [];
  const on: WindowSample[] = [];
  try {
    for (let i = 0; i < windows; i++) {
      marketData.setRecording(null);
      off.push(await sampleWindow(windowMs));
      marketData.setRecording(target);
      on.push(await sampleWindow(windowMs));
    }
    marketData.setRecording(null);
    await new Promise((r) => setTimeout(r, 1000)); // the last file completes
    let bytes = 0;
    for (const name of await readdir(dir)) bytes += (await stat(join(dir, name))).size;
    return {
      off: mean(off),
      on: mean(on),
      recorded_bytes_per_s: Math.round(bytes / ((windows * windowMs) / 1000)),
      windows,
      window_seconds: windowMs / 1000,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The main thread's event-loop delay while the core receives `rate` level updates per second
 * (the simulators' generator rate is found by trying, test/bench/load.ts).
 */
export async function measureEventLoop(
  rate = 100_000,
  seconds = 10,
  progress: (line: string) => void = () => {},
  /** Also measure the market recorder's cost: this many off/on window pairs of `seconds / 2`. */
  recordingWindows = 0,
): Promise<EventLoopResult> {
  const load = await calibrateLoad(
    rate,
    async (generated) => {
      const running = await startLoad(generated);
      return { received: await receivedRate(running.books, 3000), running };
    },
    stopLoad,
    progress,
  );
  const { books } = load.running;
  try {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const before = totalUpdates(books);
    const started = performance.now();
    histogram.enable();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    histogram.disable();
    await new Promise((r) => setTimeout(r, 600)); // one more stats report
    const elapsed = (performance.now() - started) / 1000;
    const delivered = Math.round((totalUpdates(books) - before) / elapsed);
    const recording =
      recordingWindows > 0
        ? await measureRecording(load.running.marketData, recordingWindows, (seconds / 2) * 1000)
        : undefined;
    return {
      target_level_updates_per_s: rate,
      generated_level_updates_per_s: load.generated,
      delivered_level_updates_per_s: delivered,
      event_loop_delay_p50_ms: Math.round(histogram.percentile(50) / 1e4) / 100,
      event_loop_delay_p99_ms: Math.round(histogram.percentile(99) / 1e4) / 100,
      event_loop_delay_max_ms: Math.round(histogram.max / 1e4) / 100,
      seconds,
      ...(recording ? { recording } : {}),
    };
  } finally {
    await stopLoad(load.running);
  }
}
