// `npm run sim`: starts every venue's simulator on loopback, prints one line
// `CROSSBOOK_SIM=<json description>` on stdout when everything listens (logs go to stderr; with
// `--out FILE` the JSON is also written there), injects the faults asked for, and shuts down
// cleanly on SIGINT/SIGTERM. The description (sim-description.ts) carries the simulators' demo
// credentials on purpose: it is how a client on this machine connects (`--venues FILE`).

import { realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { VENUE_NAMES } from '../../../shared/domain';
import { createLogger } from '../../base/log';
import type { SimFaults } from '../simkit';
import {
  DEFAULT_RATE,
  RATE_SHARE_TEXT,
  VENUES,
  startAllSimulators,
  type FineryClientType,
  type AllSimulators,
  type VenueName,
} from '../simulator-registry';

export const HELP = `Usage: npm run sim -- [options]

Starts the ${VENUES.map((v) => VENUE_NAMES[v]).join(', ')} simulators on 127.0.0.1 and prints one stdout line
CROSSBOOK_SIM=<json> (URLs and demo credentials) once all of them listen. Logs go to stderr.
Runs until SIGINT/SIGTERM, then closes everything and exits 0. A Crossbook started with
--venues FILE (npm run start:web, or the app with --venues=FILE) connects its demo profile to them.

Options:
  --out FILE               also write the JSON description to FILE (mode 0600), before the line
  --port-base P            ${VENUES.map((v, i) => `${v} on P${i === 0 ? '' : `+${i}`}`).join(', ')} (default 0: ephemeral ports)
  --seed N                 market generator seed, integer >= 0 (default 1)
  --rate R                 level updates per second over all venues: ${RATE_SHARE_TEXT} (default ${DEFAULT_RATE})
  --finery-client T        the Finery key's client type: maker (limit/postOnly only), taker
                           (IOC/FOK only) or any (default; both, as the demo desk needs)
  -h, --help               show this help

Fault injection (S = seconds, decimals allowed; every fault hits all venues unless --fault-venue):
  --drop-every S           drop every connection abruptly every S seconds
  --stall-every S          stall market data every S seconds ...
  --stall-for S            ... for S seconds each time (default 2; must be shorter than --stall-every)
  --malformed-every S      send malformed frames on every market-data subscription every S seconds
  --malformed-count N      frames per burst for --malformed-every (default 1)
  --expire-tokens-every S  expire every issued token every S seconds
  --revoke-tokens-every S  revoke every issued token every S seconds
  --restart-every S        close and re-listen each server on the same port every S seconds
  --delay-replies MS       delay every order/REST reply by MS milliseconds (from the start)
  --reject-orders          reject every new order with the venue's documented rejection
  --fail-internally        answer requests that can fail internally with the venue's internal error
  --fault-venue V          limit the faults above to venue V (${VENUES.join(', ')}); repeatable,
                           or a comma-separated list

Exit codes: 0 after a signal, 1 if the simulators could not start, 2 for bad arguments.`;

export class SimArgsError extends Error {
  override name = 'SimArgsError';
}

export interface SimFaultPlan {
  dropEvery?: number;
  stallEvery?: number;
  stallFor: number;
  malformedEvery?: number;
  malformedCount: number;
  expireTokensEvery?: number;
  revokeTokensEvery?: number;
  restartEvery?: number;
  delayRepliesMs?: number;
  rejectOrders: boolean;
  failInternally: boolean;
  venues: VenueName[];
}

export interface SimCliOptions {
  /** Where to write the description as well as printing it. */
  out?: string;
  portBase: number;
  seed: number;
  rate: number;
  /** Absent: the simulator's default ('any'). */
  fineryClientType?: FineryClientType;
  faults: SimFaultPlan;
}

export type ParsedSimArgs = { help: true } | ({ help: false } & SimCliOptions);

const MAX_RATE = 1_000_000;
const MAX_SECONDS = 7 * 24 * 3600;

/** Parses CLI arguments (without node and script); throws SimArgsError with a user-facing message. */
export function parseSimArgs(argv: string[]): ParsedSimArgs {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        'port-base': { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        rate: { type: 'string' },
        'drop-every': { type: 'string' },
        'stall-every': { type: 'string' },
        'stall-for': { type: 'string' },
        'malformed-every': { type: 'string' },
        'malformed-count': { type: 'string' },
        'expire-tokens-every': { type: 'string' },
        'revoke-tokens-every': { type: 'string' },
        'restart-every': { type: 'string' },
        'delay-replies': { type: 'string' },
        'reject-orders': { type: 'boolean' },
        'fail-internally': { type: 'boolean' },
        'fault-venue': { type: 'string', multiple: true },
        'finery-client': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new SimArgsError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return { help: true };
  const str = (name: string) => values[name] as string | undefined;
  const seconds = (name: string) => {
    const v = str(name);
    return v === undefined ? undefined : decimal(name, v, 0.001, MAX_SECONDS);
  };
  const stallEvery = seconds('stall-every');
  const stallFor = seconds('stall-for');
  if (stallFor !== undefined && stallEvery === undefined)
    throw new SimArgsError('--stall-for needs --stall-every');
  if (stallEvery !== undefined && (stallFor ?? 2) >= stallEvery) {
    throw new SimArgsError('--stall-for must be shorter than --stall-every');
  }
  const malformedCount = str('malformed-count');
  if (malformedCount !== undefined && str('malformed-every') === undefined) {
    throw new SimArgsError('--malformed-count needs --malformed-every');
  }
  const delay = str('delay-replies');
  const faults: SimFaultPlan = {
    stallFor: stallFor ?? 2,
    malformedCount: malformedCount === undefined ? 1 : integer('malformed-count', malformedCount, 1, 1000),
    rejectOrders: values['reject-orders'] === true,
    failInternally: values['fail-internally'] === true,
    venues: parseVenues(values['fault-venue'] as string[] | undefined),
  };
  const optional: [keyof SimFaultPlan, number | undefined][] = [
    ['dropEvery', seconds('drop-every')],
    ['stallEvery', stallEvery],
    ['malformedEvery', seconds('malformed-every')],
    ['expireTokensEvery', seconds('expire-tokens-every')],
    ['revokeTokensEvery', seconds('revoke-tokens-every')],
    ['restartEvery', seconds('restart-every')],
    ['delayRepliesMs', delay === undefined ? undefined : integer('delay-replies', delay, 0, 600_000)],
  ];
  for (const [key, v] of optional)
    if (v !== undefined) (faults as unknown as Record<string, number>)[key] = v;
  const portBase = str('port-base');
  const seed = str('seed');
  const rate = str('rate');
  const fineryClient = str('finery-client');
  if (fineryClient !== undefined && !['maker', 'taker', 'any'].includes(fineryClient))
    throw new SimArgsError(
      `--finery-client must be maker, taker or any, got ${JSON.stringify(fineryClient)}`,
    );
  const out = str('out');
  if (out === '') throw new SimArgsError('--out needs a file name');
  return {
    help: false,
    ...(fineryClient !== undefined ? { fineryClientType: fineryClient as FineryClientType } : {}),
    ...(out === undefined ? {} : { out }),
    portBase: portBase === undefined ? 0 : integer('port-base', portBase, 0, 65533),
    seed: seed === undefined ? 1 : integer('seed', seed, 0, Number.MAX_SAFE_INTEGER),
    rate: rate === undefined ? DEFAULT_RATE : decimal('rate', rate, 0, MAX_RATE),
    faults,
  };
}

function integer(name: string, text: string, min: number, max: number): number {
  const v = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < min || v > max) {
    throw new SimArgsError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return v;
}

function decimal(name: string, text: string, min: number, max: number): number {
  const v = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(v >= min && v <= max))
    throw new SimArgsError(`--${name} must be a number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return v;
}

function parseVenues(raw: string[] | undefined): VenueName[] {
  if (!raw) return [...VENUES];
  const out = new Set<VenueName>();
  for (const part of raw.flatMap((r) => r.split(','))) {
    const v = part.trim();
    if (!(VENUES as readonly string[]).includes(v)) {
      throw new SimArgsError(`--fault-venue must be one of ${VENUES.join(', ')}, got ${JSON.stringify(v)}`);
    }
    out.add(v as VenueName);
  }
  return [...out];
}

const log = createLogger('sim');

/** Applies the fault plan to the running simulators; returns a function that stops every timer. */
export function scheduleFaults(sims: Pick<AllSimulators, 'handles'>, plan: SimFaultPlan): () => void {
  const timers = new Set<NodeJS.Timeout>();
  const targets = plan.venues.map((v) => ({ venue: v, faults: sims.handles[v].faults as SimFaults }));
  const each = (what: string, fn: (f: SimFaults) => void | Promise<void>) => {
    for (const { venue, faults } of targets) {
      try {
        const out = fn(faults);
        if (out instanceof Promise)
          out.catch((err: unknown) => log.error(`fault ${what} failed`, { venue, error: errorOf(err) }));
      } catch (err) {
        log.error(`fault ${what} failed`, { venue, error: errorOf(err) });
      }
    }
    log.info(`fault injected: ${what}`, { venues: plan.venues });
  };
  const every = (s: number | undefined, what: string, fn: (f: SimFaults) => void | Promise<void>) => {
    if (s !== undefined) timers.add(setInterval(() => each(what, fn), s * 1000));
  };
  if (plan.delayRepliesMs !== undefined)
    each(`delay replies ${plan.delayRepliesMs} ms`, (f) => f.delayReplies(plan.delayRepliesMs!));
  if (plan.rejectOrders) each('reject orders', (f) => f.rejectOrders(true));
  if (plan.failInternally) each('fail internally', (f) => f.failInternally(true));
  every(plan.dropEvery, 'drop connections', (f) => f.dropConnections());
  every(plan.malformedEvery, 'malformed frames', (f) => f.sendMalformed(plan.malformedCount));
  every(plan.expireTokensEvery, 'expire tokens', (f) => f.expireTokens());
  every(plan.revokeTokensEvery, 'revoke tokens', (f) => f.revokeTokens());
  every(plan.restartEvery, 'restart', (f) => f.restart());
  every(plan.stallEvery, 'stall feeds', (f) => f.stallFeeds());
  if (plan.stallEvery !== undefined) {
    // Resumes are offset from the stalls by stallFor (< stallEvery), so stalls never overlap.
    const offset = setTimeout(() => {
      timers.delete(offset);
      timers.add(setInterval(() => each('resume feeds', (f) => f.resumeFeeds()), plan.stallEvery! * 1000));
    }, plan.stallFor * 1000);
    timers.add(offset);
  }
  return () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}

function errorOf(err: unknown): Error | string {
  return err instanceof Error ? err : String(err);
}

/** Runs the CLI; resolves with the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed: ParsedSimArgs;
  try {
    parsed = parseSimArgs(argv);
  } catch (err) {
    if (!(err instanceof SimArgsError)) throw err;
    process.stderr.write(`sim: ${err.message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  let sims: AllSimulators;
  try {
    sims = await startAllSimulators({
      portBase: parsed.portBase,
      seed: parsed.seed,
      rate: parsed.rate,
      ...(parsed.fineryClientType ? { fineryClientType: parsed.fineryClientType } : {}),
    });
  } catch (err) {
    log.error('simulators failed to start', { error: errorOf(err) });
    return 1;
  }
  if (parsed.out !== undefined) {
    try {
      writeDescription(parsed.out, JSON.stringify(sims.descriptor));
    } catch (err) {
      log.error('could not write the description', { file: parsed.out, error: errorOf(err) });
      await sims.close().catch(() => undefined);
      return 1;
    }
  }
  const stopFaults = scheduleFaults(sims, parsed.faults);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    process.stdout.write(`CROSSBOOK_SIM=${JSON.stringify(sims.descriptor)}\n`);
    log.info('simulators listening', { portBase: parsed.portBase, seed: parsed.seed, rate: parsed.rate });
  });
  log.info('shutting down', { signal });
  // A second signal while closing means the user wants out now.
  const force = () => process.exit(1);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  stopFaults();
  try {
    await sims.close();
  } catch (err) {
    log.error('closing simulators failed', { error: errorOf(err) });
  }
  return 0;
}

/**
 * Written beside the target and renamed over it, so a reader polling for the file never sees half
 * of it; private to the user, as it holds the demo credentials.
 */
function writeDescription(file: string, json: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${json}\n`, { mode: 0o600 });
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

function runDirectly(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (runDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      log.error('sim crashed', { error: errorOf(err) });
      process.exit(1);
    },
  );
}
