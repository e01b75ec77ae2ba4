// The UI benchmark's command line (test/bench/ui.ts).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const HELP = `usage: npm run bench:ui -- [--ladders N] [--rate R] [--seconds S] [--warmup S] [--json]

  --ladders N   ladders per shape (default 8; consolidated and single-venue instruments mixed): as
                N ladder windows, then as boards of 4
  --rate R      level updates per second the core receives from the simulators (default 100000);
                the simulators' generator rate is found by trying (see test/bench/load.ts)
  --seconds S   measured seconds per shape and per floor (default 10), after --warmup seconds (default 3)
  --trace FILE  write a Chromium trace of the first window of each shape over its measured seconds
                (FILE gets the shape's name before its extension)
                (open it in chrome://tracing or ui.perfetto.dev to see where a frame's time goes)
  --profile DIR CPU profiles into DIR, summarised in the report (top functions by self time): the
                renderer of each shape's first window over its measured seconds (DevTools
                Profiler), and the web host's threads over the whole run (node --cpu-prof)
  --json        stdout carries only the JSON line; tables and progress go to stderr

The web host needs a Secret Service (the demo credentials live in the OS keychain). Run it where
one is available, e.g. \`bash build/with-keychain.sh npm run bench:ui\`; when no D-Bus session is
set (no DBUS_SESSION_BUS_ADDRESS) the benchmark re-runs itself under build/with-keychain.sh.
Chromium is Debian's /usr/bin/chromium (CROSSBOOK_CHROMIUM overrides), never a download.
Numbers depend on the machine and on whatever else runs on it: see the CPU lines it prints.`;

export interface Options {
  ladders: number;
  rate: number;
  seconds: number;
  warmup: number;
  /** Chromium trace of the first ladder's renderer over the measured seconds (chrome://tracing). */
  trace?: string;
  /** Directory for CPU profiles of the renderer and the core, summarised in the report. */
  profile?: string;
  json: boolean;
}

export function options(): Options {
  const { values } = parseArgs({
    options: {
      ladders: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      trace: { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const num = (v: string | undefined, dflt: number, min: number, max: number, name: string): number => {
    const n = v === undefined ? dflt : Number(v);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`--${name} must be ${min}..${max}, got ${v}`);
    return n;
  };
  return {
    ladders: Math.round(num(values.ladders, 8, 1, 64, 'ladders')),
    rate: num(values.rate, 100_000, 0, 1_000_000, 'rate'),
    seconds: num(values.seconds, 10, 1, 600, 'seconds'),
    warmup: num(values.warmup, 3, 0, 600, 'warmup'),
    ...(values.trace ? { trace: resolve(values.trace) } : {}),
    ...(values.profile ? { profile: resolve(values.profile) } : {}),
    json: values.json === true,
  };
}
