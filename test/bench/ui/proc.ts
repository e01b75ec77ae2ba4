// CPU accounting from /proc (Linux): where the benchmark's time goes, per process and, for the web
// host, per thread (main thread vs the engine worker vs the rest), plus how busy the machine is.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

let hz = 0;
function clockTicks(): number {
  if (hz === 0) {
    try {
      hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      hz = 100;
    }
  }
  return hz;
}

interface Stat {
  comm: string;
  ppid: number;
  /** user + system CPU seconds. */
  cpu: number;
  nice: number;
}

function readStat(path: string): Stat | null {
  try {
    const text = readFileSync(path, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    const f = text.slice(close + 2).split(' ');
    return {
      comm,
      ppid: Number(f[1]),
      cpu: (Number(f[11]) + Number(f[12])) / clockTicks(),
      nice: Number(f[16]),
    };
  } catch {
    return null;
  }
}

function label(pid: number, comm: string): string {
  let cmd: string;
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return comm;
  }
  const type = /--type=([a-z-]+)/.exec(cmd)?.[1];
  if (type) return `chromium ${type}`;
  if (/chrom/i.test(comm) || /chrom/i.test(cmd.split('\0')[0] ?? '')) return 'chromium browser';
  return comm;
}

/** CPU seconds of every process under root (not root itself), keyed "label pid". */
export function descendantsCpu(root: number): Map<string, number> {
  const all = new Map<number, Stat>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = readStat(`/proc/${d}/stat`);
    if (s) all.set(Number(d), s);
  }
  const out = new Map<string, number>();
  const under = (pid: number): boolean => {
    for (let p = all.get(pid)?.ppid, hops = 0; p !== undefined && hops < 64; p = all.get(p)?.ppid, hops++) {
      if (p === root) return true;
      if (p <= 1) return false;
    }
    return false;
  };
  for (const [pid, s] of all) if (under(pid)) out.set(`${label(pid, s.comm)} ${pid}`, s.cpu);
  return out;
}

/** CPU seconds per thread of one process, keyed "comm tid". */
export function threadsCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const s = readStat(`/proc/${pid}/task/${tid}/stat`);
    if (s) out.set(`${s.comm} ${tid}`, s.cpu);
  }
  return out;
}

/**
 * Puts every thread of `pid` that runs below normal priority back to normal, and returns their
 * ids. The demo's simulator thread yields to the desk on a saturated machine; a benchmark that
 * promises a load needs it delivered. Lowering a niceness needs CAP_SYS_NICE (root here); without
 * it this throws.
 */
export function restoreNormalPriority(pid: number): number[] {
  const raised: number[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const s = readStat(`/proc/${pid}/task/${tid}/stat`);
    if (!s || s.nice <= 0) continue;
    setPriority(Number(tid), 0);
    raised.push(Number(tid));
  }
  return raised;
}

/** Threads of `pid` running below normal priority (the demo simulators lower theirs). */
export function nicedThreads(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`)
    .filter((tid) => (readStat(`/proc/${pid}/task/${tid}/stat`)?.nice ?? 0) > 0)
    .map(Number);
}

/** Linux keeps a thread's name to 15 bytes: a longer worker name shows cut in /proc. */
export const THREAD_COMM_BYTES = 15;

/** Whether a thread's /proc comm is the (possibly cut) thread name `name`. */
export function isThreadNamed(comm: string, name: string): boolean {
  return comm === Buffer.from(name).subarray(0, THREAD_COMM_BYTES).toString();
}

/** Ids of the threads of `pid` named `name` (worker_threads `name`, e.g. crossbook-replay). */
export function threadsNamed(pid: number, name: string): number[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids
    .filter((tid) => {
      try {
        return isThreadNamed(readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim(), name);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Busy and total jiffies of the whole machine (all cores). */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

/** Per-key CPU use between two snapshots, in % of one core over seconds. */
export function cpuDelta(
  a: Map<string, number>,
  b: Map<string, number>,
  seconds: number,
): [string, number][] {
  const out: [string, number][] = [];
  for (const [k, v] of b) out.push([k, ((v - (a.get(k) ?? 0)) / seconds) * 100]);
  return out.sort((x, y) => y[1] - x[1]);
}
