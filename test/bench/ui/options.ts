// The UI benchmark's command line (test/bench/ui.ts).
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RecordingId } from '../../../shared/contract/replay';
import { ProfileName } from '../../../shared/domain';

export const HELP = `usage: npm run bench:ui -- [--ladders N] [--rate R] [--seconds S] [--warmup S] [--json]
                          [--load replay|live] [--record-seconds S | --recording DIR/ID]

  --ladders N   ladders per shape (default 8; consolidated and single-venue instruments mixed): as
                N ladder windows, then as boards of 4
  --rate R      level updates per second the core receives (default 100000)
  --load replay the load is a recording replayed in a loop by the core's replay thread, with no
                simulator running (default): the simulators run live first to record it (their
                generator rate found by trying, see test/bench/load.ts), then a fresh web host
                replays it at the speed that delivers R; the replay thread's CPU is printed apart
  --load live   the demo simulators generate the load live inside the web host (their CPU is
                printed apart, but they share the machine with Crossbook while generating)
  --record-seconds S  how long the simulators record for the replay (default 20); the recording
                is kept under test-results/bench-ui/recordings/<profile>/ and its DIR/ID printed
  --recording DIR/ID  replay this recording instead of recording one (DIR: a profile's recording
                folder, e.g. test-results/bench-ui/recordings/demo or ~/.crossbook/recordings/demo)
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
  load: 'replay' | 'live';
  recordSeconds: number;
  /** A recording to replay instead of recording one: its folder, profile (the folder's name) and id. */
  recording?: { dir: string; profile: ProfileName; id: string };
}

export function options(args: string[] = process.argv.slice(2)): Options {
  const { values } = parseArgs({
    args,
    options: {
      load: { type: 'string' },
      'record-seconds': { type: 'string' },
      recording: { type: 'string' },
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
    ...loadOptions(values.load, values['record-seconds'], values.recording, num),
  };
}

function loadOptions(
  load: string | undefined,
  recordSeconds: string | undefined,
  recording: string | undefined,
  num: (v: string | undefined, dflt: number, min: number, max: number, name: string) => number,
): Pick<Options, 'load' | 'recordSeconds' | 'recording'> {
  if (load !== undefined && load !== 'replay' && load !== 'live')
    throw new Error(`--load must be replay or live, got ${load}`);
  const source = load ?? 'replay';
  if (source === 'live' && (recordSeconds !== undefined || recording !== undefined))
    throw new Error('--record-seconds and --recording are for --load replay');
  if (recordSeconds !== undefined && recording !== undefined)
    throw new Error('--recording replays a recording as it is: --record-seconds does not apply');
  return {
    load: source,
    recordSeconds: num(recordSeconds, 20, 5, 600, 'record-seconds'),
    ...(recording !== undefined ? { recording: recordingOption(recording) } : {}),
  };
}

/** `--recording DIR/ID`: DIR is a profile's recording folder, so its name is the profile. */
export function recordingOption(value: string): { dir: string; profile: ProfileName; id: string } {
  const path = resolve(value.replace(/\/+$/, ''));
  const id = RecordingId.safeParse(basename(path));
  const dir = dirname(path);
  const profile = ProfileName.safeParse(basename(dir));
  if (!id.success)
    throw new Error(
      `--recording must be DIR/ID with ID a recording id (e.g. 20261207T045000123Z), got ${value}`,
    );
  if (!profile.success)
    throw new Error(
      `--recording DIR must be a profile's recording folder (named demo, test or production), got ${dir}`,
    );
  return { dir, profile: profile.data, id: id.data };
}
