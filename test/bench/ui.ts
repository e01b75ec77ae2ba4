// Crossbook UI benchmark: `npm run bench:ui -- [--ladders N] [--rate R] [--seconds S] [--json]`.
// Brings up a load (test/bench/ui/load-source.ts: by default a recording of the demo simulators,
// replayed in a loop by the core's replay thread with no simulator running, at the speed that makes
// the core receive R level updates/s; `--load live` runs the simulators live instead), then measures two shapes of the same N ladders in one headless
// Chromium, one after the other under the same load: `windows` (each ladder its own window) and
// `boards` (four ladders to a board window). After each shape, a floor page (test/bench/ui/floor.ts)
// paints canvases of the same sizes and text cells at the shape's paint rate, so the renderer CPU
// per ladder is reported as a ratio to it. Headline latency: tick-to-pixel of the newest venue
// frame a paint shows (renderer/src/ladder/perf.ts). A benchmark, not a test: it prints tables and
// one JSON line (an array, one object per shape), and exits non-zero only when it could not run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HELP, options, type Options } from './ui/options';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunch } from '../e2e/playwright.config';
import { LOAD_TOLERANCE } from './load';
import { floorQuery, serveFloor, type CanvasGeometry, type FloorServer } from './ui/floor';
import type { HostUnderLoad, Instrument } from './ui/host';
import { liveSimulators, type LoadSource } from './ui/load-source';
import { replayedRecording } from './ui/replayed-recording';
import { cpuDelta, descendantsCpu, machineTicks, threadsCpu } from './ui/proc';
import {
  coreProfileEnv,
  coreProfiles,
  hotLines,
  profileRenderer,
  sourceMapNamer,
  topSelfTime,
  type HotFunction,
} from './ui/profile';
import { cpuLines, LEGEND, shapeTable, verdictLines } from './ui/report';
import {
  jsonLine,
  paintsPerLadderPerSecond,
  rendererCpuPct,
  shapeResult,
  type PhaseMeasure,
  type ShapeResult,
  VSYNC_MS,
} from './ui/results';
import { frameStats } from './ui/stats';
import { canvasGeometry, openShape, planShapes, take, viewportFor, type ShapePlan } from './ui/shapes';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Consolidated and single-venue instruments alternately, single venues taken round-robin by venue. */
function pickInstruments(all: Instrument[], n: number): string[] {
  const consolidated = all.filter((i) => i.venues.length > 1).map((i) => i.id);
  const queues = new Map<string, string[]>();
  for (const i of all) {
    if (i.venues.length !== 1) continue;
    const q = queues.get(i.venues[0]!) ?? [];
    q.push(i.id);
    queues.set(i.venues[0]!, q);
  }
  const single: string[] = [];
  while ([...queues.values()].some((q) => q.length > 0))
    for (const q of queues.values()) if (q.length > 0) single.push(q.shift()!);
  const mixed: string[] = [];
  for (let k = 0; k < Math.max(consolidated.length, single.length); k++) {
    if (k < consolidated.length) mixed.push(consolidated[k]!);
    if (k < single.length) mixed.push(single[k]!);
  }
  if (mixed.length === 0) throw new Error('markets.list offered no instruments');
  // More ladders than instruments: several windows on one instrument, as traders do.
  return Array.from({ length: n }, (_, j) => mixed[j % mixed.length]!);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Snapshot {
  procs: Map<string, number>;
  host: Map<string, number>;
  machine: { busy: number; total: number };
  at: number;
}

function snapshot(hostPid: number): Snapshot {
  return {
    procs: descendantsCpu(process.pid),
    host: threadsCpu(hostPid),
    machine: machineTicks(),
    at: Date.now(),
  };
}

interface Measured extends PhaseMeasure {
  hostThreads: [string, number][];
  /** The first window's renderer, by self time, when profiling. */
  hot?: HotFunction[];
  machineBusyPct: number;
  wall: number;
}

/** Takes the pages' samples (when they have a probe) and the CPU over `seconds`. */
async function measure(
  pages: Page[],
  seconds: number,
  load: { host: HostUnderLoad; source: LoadSource },
  probed: boolean,
  trace?: { browser: Browser; path: string },
  profile?: string,
): Promise<Measured> {
  const pid = load.host.host.child.pid!;
  if (probed) await Promise.all(pages.map(take));
  load.source.cpuPct();
  const s0 = snapshot(pid);
  if (trace)
    await trace.browser.startTracing(pages[0], {
      path: trace.path,
      categories: [
        'devtools.timeline',
        'toplevel',
        'cc',
        'viz',
        'blink',
        'v8',
        'disabled-by-default-v8.cpu_profiler',
      ],
    });
  const stopProfile = profile ? await profileRenderer(pages[0]!, profile) : undefined;
  await sleep(seconds * 1000);
  const renderer = await stopProfile?.();
  if (trace) await trace.browser.stopTracing();
  const samples = probed ? await Promise.all(pages.map(take)) : [];
  const s1 = snapshot(pid);
  const wall = (s1.at - s0.at) / 1000;
  return {
    samples,
    procs: cpuDelta(s0.procs, s1.procs, wall),
    hostThreads: cpuDelta(s0.host, s1.host, wall),
    loadCpuPct: load.source.cpuPct(),
    // A status report covers the second before it: skip the one that straddles the start.
    delivered: load.host.receivedSince(s0.at + 600).levels,
    machineBusyPct:
      ((s1.machine.busy - s0.machine.busy) / Math.max(1, s1.machine.total - s0.machine.total)) * 100,
    wall,
    ...(renderer
      ? { hot: topSelfTime(renderer, 15, sourceMapNamer(join(ROOT, 'dist', 'renderer', 'assets'))) }
      : {}),
  };
}

/** The floor for one shape: its windows, canvases and paint rate, on the static page. */
async function measureFloor(
  browser: Browser,
  floor: FloorServer,
  plan: ShapePlan,
  geometry: CanvasGeometry[][],
  paintsPerSecond: number,
  o: Options,
  load: { host: HostUnderLoad; source: LoadSource },
): Promise<Measured & { floorFrameTimes: number[] }> {
  const contexts = await Promise.all(
    plan.windows.map((ladders) => browser.newContext({ viewport: viewportFor(ladders.length) })),
  );
  try {
    const pages: Page[] = [];
    for (const [i, context] of contexts.entries()) {
      const page = await context.newPage();
      await page.goto(
        `${floor.url}?${floorQuery({ viewport: viewportFor(plan.windows[i]!.length), canvases: geometry[i]! }, paintsPerSecond)}`,
      );
      pages.push(page);
    }
    await sleep(Math.min(o.warmup, 2) * 1000);
    const frameTimes = () =>
      Promise.all(pages.map((p) => p.evaluate('window.__floor.frameTimes()') as Promise<number[]>));
    await frameTimes(); // the warm-up's frames do not count
    const measured = await measure(pages, o.seconds, load, false);
    return { ...measured, floorFrameTimes: (await frameTimes()).flat() };
  } finally {
    await Promise.allSettled(contexts.map((c) => c.close()));
  }
}

async function run(o: Options, out: (s: string) => void, progress: (s: string) => void): Promise<void> {
  process.chdir(ROOT);
  const dataDir = mkdtempSync(join(tmpdir(), 'crossbook-bench-ui-'));
  if (o.profile) mkdirSync(o.profile, { recursive: true });
  const env = {
    CROSSBOOK_DATA_DIR: dataDir,
    CROSSBOOK_KEYCHAIN_SERVICE: `Crossbook-bench-ui-${process.pid}`,
    ...(o.profile ? coreProfileEnv(o.profile) : {}),
  };
  const source: LoadSource =
    o.load === 'live'
      ? liveSimulators(env, progress)
      : replayedRecording({
          env,
          recordSeconds: o.recordSeconds,
          ...(o.recording ? { recording: o.recording } : {}),
          keepDir: join(ROOT, 'test-results', 'bench-ui', 'recordings'),
          progress,
        });
  let browser: Browser | undefined;
  let floor: FloorServer | undefined;
  try {
    const speed = referenceSpeed();
    // The load comes up before any window opens: with them open on this 2-core machine, a
    // higher generator rate starved everything else and delivered less, not more.
    const { host, pace } = await source.start(o.rate);
    const load = { host, source };
    const role = (key: string) => {
      const tid = Number(key.split(' ').pop());
      if (tid === host.host.child.pid) return ' (main thread)';
      return source.loadThreads().includes(tid) ? ` (${source.threadRole})` : '';
    };
    const ids = pickInstruments(await host.instruments(), o.ladders);
    progress(`bench-ui: ${ids.length} ladders: ${ids.join(', ')}`);
    browser = await chromium.launch({ ...chromiumLaunch, headless: true });
    floor = await serveFloor();
    out(
      `reference loop before the run: ${speed.toFixed(0)} M steps/s (machine speed; compare runs only at similar speeds)`,
    );
    out(`load source: ${source.label}, ${pace} for ${o.rate}/s received`);
    const results: ShapeResult[] = [];
    for (const plan of planShapes(ids)) {
      const ladders = plan.windows.flat().length;
      progress(`bench-ui: ${plan.shape}: opening ${plan.windows.length} window(s), warming up ${o.warmup} s`);
      const shape = await openShape(browser, host.host, plan);
      let m: Measured;
      let geometry: CanvasGeometry[][];
      try {
        await sleep(o.warmup * 1000);
        const warm = await Promise.all(shape.pages.map(take));
        const unpainted = plan.windows.filter((_, i) => warm[i]!.paints === 0).map((w) => w.join('+'));
        if (unpainted.length)
          throw new Error(`no paint during warm-up on ${unpainted.join(', ')}: ${shape.errors.join('; ')}`);
        geometry = await Promise.all(shape.pages.map(canvasGeometry));
        progress(`bench-ui: ${plan.shape}: measuring ${o.seconds} s`);
        m = await measure(
          shape.pages,
          o.seconds,
          load,
          true,
          o.trace ? { browser, path: o.trace.replace(/(\.[a-z]+)?$/, `-${plan.shape}$1`) } : undefined,
          o.profile ? join(o.profile, `renderer-${plan.shape}.cpuprofile`) : undefined,
        );
      } finally {
        await shape.close();
      }
      const rate = paintsPerLadderPerSecond(m.samples, ladders);
      progress(`bench-ui: ${plan.shape}: floor, ${rate.toFixed(1)} paints/s per canvas, ${o.seconds} s`);
      const f = await measureFloor(browser, floor, plan, geometry, rate, o, load);
      const r = shapeResult(plan.shape, ladders, m, f);
      results.push(r);
      out('');
      out(
        `== ${plan.shape}: ${plan.windows.length} window(s) of ${plan.windows.map((w) => w.length).join('/')} ladder(s)`,
      );
      for (const row of shapeTable(
        plan.windows.map((w) => w.join('+')),
        m.samples,
      ))
        out(row);
      for (const row of verdictLines(
        r,
        { shape: rendererCpuPct(m.procs), floor: rendererCpuPct(f.procs) },
        rate,
        source.label,
      ))
        out(row);
      if (m.delivered < o.rate * (1 - 2 * LOAD_TOLERANCE))
        out(
          `  LOAD NOT REACHED (${Math.round(m.delivered)} of ${o.rate}/s): these figures are for a lighter load`,
        );
      out(
        `  machine busy ${m.machineBusyPct.toFixed(0)} % of all cores over ${m.wall.toFixed(1)} s; CPU % of one core:`,
      );
      for (const row of cpuLines(m.procs, m.hostThreads, role)) out(row);
      out(
        `  floor: machine busy ${f.machineBusyPct.toFixed(0)} %, dropped frames ${frameStats(f.floorFrameTimes, VSYNC_MS).droppedPct.toFixed(1)} % (the same windows doing nothing but paint); CPU % of one core:`,
      );
      for (const row of cpuLines(f.procs, [], role).slice(0, -1)) out(row);
      if (m.hot)
        for (const row of hotLines(`renderer of ${plan.windows[0]!.join('+')}, by self time`, m.hot))
          out(row);
      if (shape.errors.length) out(`  page errors: ${shape.errors.slice(0, 5).join('; ')}`);
    }
    out('');
    for (const row of LEGEND) out(row);
    if (o.profile) {
      // node writes a thread's profile when the web host exits.
      await source.stop();
      const nameOf = sourceMapNamer(join(ROOT, 'dist', 'node'));
      for (const { file, profile } of coreProfiles(o.profile, host.host.child.pid!))
        for (const row of hotLines(
          `web host, ${file}, by self time over the whole run`,
          topSelfTime(profile, 12, nameOf),
        ))
          out(row);
    }
    console.log(jsonLine(results));
  } finally {
    await browser?.close().catch(() => {});
    await floor?.close();
    await source.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * How fast this machine runs a fixed single-threaded loop right now (millions of steps a second),
 * measured before anything starts. A shared or throttled machine's speed drifts from hour to hour
 * (seen here: the same build dropped 0.1 % of frames, and an hour later 1–2 %); compare runs
 * only at similar speeds.
 */
function referenceSpeed(): number {
  const ms = 300;
  const end = performance.now() + ms;
  let steps = 0;
  let x = 1;
  while (performance.now() < end) {
    for (let i = 0; i < 100_000; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
    steps += 100_000;
  }
  return x === 0.5 ? NaN : steps / ms / 1000;
}

async function main(): Promise<void> {
  let o: Options;
  try {
    o = options();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${HELP}\n`);
    process.exit(2);
  }
  if (!process.env.DBUS_SESSION_BUS_ADDRESS && process.env.CROSSBOOK_IN_KEYCHAIN_SESSION !== '1') {
    process.stderr.write('bench-ui: no D-Bus session; re-running under build/with-keychain.sh\n');
    const r = spawnSync(
      'bash',
      [
        join(ROOT, 'build', 'with-keychain.sh'),
        process.execPath,
        ...process.execArgv,
        ...process.argv.slice(1),
      ],
      { stdio: 'inherit', cwd: ROOT },
    );
    process.exit(r.status ?? 1);
  }
  const out = (s: string) => (o.json ? console.error(s) : console.log(s));
  await run(o, out, out);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-ui: could not run: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
