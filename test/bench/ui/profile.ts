// Where the time goes when a goal is missed: V8 CPU profiles of a renderer (DevTools Profiler
// over the measured seconds) and of the web host's threads (node --cpu-prof over its life),
// summarised as the functions with the most self time. The summary is pure (profile.test.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based, in the file V8 ran (a bundle). */
  lineNumber: number;
  columnNumber: number;
}

/** The parts of a V8 .cpuprofile the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: CallFrame;
  }[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotFunction {
  name: string;
  /** Self time over the profile, ms. */
  ms: number;
  /** Share of all sampled time, %. */
  pct: number;
}

const fileOf = (url: string) => url.split('/').pop()?.split('?')[0] ?? '';

/** A function's name and place as the bundle has them. */
export function bundleName(f: CallFrame): string {
  const file = fileOf(f.url);
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

/**
 * Names functions by their source (the bundles are minified or merged): reads `<bundle>.map`
 * next to each bundle in `dir`; a frame without a map keeps its bundle name.
 */
export function sourceMapNamer(dir: string): (f: CallFrame) => string {
  const maps = new Map<string, SourceMap | null>();
  return (f) => {
    const file = fileOf(f.url);
    if (!file) return bundleName(f);
    let map = maps.get(file);
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) as never);
      } catch {
        map = null;
      }
      maps.set(file, map);
    }
    const e = map?.findEntry(f.lineNumber, f.columnNumber);
    // An empty entry (or one without a source) is a frame the map does not cover.
    if (!e || !('originalSource' in e) || typeof e.originalSource !== 'string') return bundleName(f);
    const source = e.originalSource.includes('node_modules/')
      ? e.originalSource.replace(/^.*node_modules\//, '')
      : e.originalSource.replace(/^.*?\/(renderer|shared|electron|test)\//, '$1/');
    const name = (e as { name?: string }).name || f.functionName || '(anonymous)';
    return `${name} ${source}:${e.originalLine + 1}`;
  };
}

/** The `n` functions with the most self time (samples weighted by their time deltas). */
export function topSelfTime(
  profile: CpuProfile,
  n: number,
  nameOf: (f: CallFrame) => string = bundleName,
): HotFunction[] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byName = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap to the next one (V8's own convention in DevTools).
    const us = Math.max(0, deltas[i + 1] ?? 0);
    const f = frames.get(samples[i]!);
    if (!f) continue;
    const name = f.url ? nameOf(f) : f.functionName || '(anonymous)';
    byName.set(name, (byName.get(name) ?? 0) + us);
    total += us;
  }
  return [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, ms: us / 1000, pct: total > 0 ? (us / total) * 100 : 0 }));
}

export function hotLines(title: string, hot: readonly HotFunction[]): string[] {
  return [
    `  ${title}:`,
    ...hot.map((h) => `  ${h.pct.toFixed(1).padStart(5)} %  ${h.ms.toFixed(0).padStart(6)} ms  ${h.name}`),
  ];
}

/** Starts the DevTools profiler on a page; the returned stop writes the profile and answers it. */
export async function profileRenderer(page: Page, file: string): Promise<() => Promise<CpuProfile>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach().catch(() => undefined);
    writeFileSync(file, JSON.stringify(profile));
    return profile as CpuProfile;
  };
}

/** What node --cpu-prof needs in a child's environment to profile every thread into `dir`. */
export function coreProfileEnv(dir: string): NodeJS.ProcessEnv {
  const inherited = process.env.NODE_OPTIONS ?? '';
  return { NODE_OPTIONS: `${inherited} --cpu-prof --cpu-prof-dir=${dir}`.trim() };
}

/** The profiles one process wrote (one per thread), by file name; node names them …<pid>.<tid>… */
export function coreProfiles(dir: string, pid: number): { file: string; profile: CpuProfile }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.split('.').includes(String(pid)))
    .sort()
    .map((f) => ({
      file: join(dir, f),
      profile: JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile,
    }));
}
