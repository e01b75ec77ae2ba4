// `npm run start:web -- [--port P] [--profile demo|test|production] [--venues FILE]
// [--replay PROFILE/ID [--replay-speed S] [--replay-loop]]`: the core in plain Node with the
// renderer served to a browser. Stdout carries exactly the lines other tools read (CROSSBOOK_URL,
// and CROSSBOOK_SIM while the demo runs embedded simulators); logs go to stderr.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { REPLAY_SPEED, replayRequestSchemas } from '../../shared/contract/replay';
import { ProfileName } from '../../shared/domain';
import { startCore } from '../app/bootstrap';
import { readVenuesFile, type SimulatorDescription } from '../app/venues-file';
import { createLogger } from '../base/log';
import { ensurePrivateDir } from '../base/private-dir';
import { startWebHost } from './web-host';

const log = createLogger('web-main');

export interface WebArgs {
  port: number;
  profile?: ProfileName;
  simRate?: number;
  simSeed?: number;
  /** `--venues FILE`: the demo profile connects to the simulators it describes. */
  venuesFile?: string;
  /**
   * `--replay PROFILE/ID`: opens on that recording instead of live venues. The core starts in the
   * demo profile with no simulators (nothing live runs beside the replay) and replays at once.
   */
  replay?: { profile: ProfileName; id: string; speed?: number; loop?: boolean };
}

const USAGE =
  'usage: npm run start:web -- [--port P] [--profile demo|test|production] [--sim-rate R] [--sim-seed N] [--venues FILE]\n' +
  '       [--replay PROFILE/ID [--replay-speed S] [--replay-loop]]';

export function parseWebArgs(argv: string[]): WebArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      profile: { type: 'string' },
      'sim-rate': { type: 'string' },
      'sim-seed': { type: 'string' },
      venues: { type: 'string' },
      replay: { type: 'string' },
      'replay-speed': { type: 'string' },
      'replay-loop': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    throw new UsageError(USAGE);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be 0..65535, got ${values.port}`);
  }
  const profile = values.profile === undefined ? undefined : ProfileName.safeParse(values.profile);
  if (profile && !profile.success) {
    throw new UsageError(`--profile must be demo, test or production, got ${values.profile}`);
  }
  const simRate = values['sim-rate'] === undefined ? undefined : Number(values['sim-rate']);
  if (simRate !== undefined && !(Number.isFinite(simRate) && simRate >= 0 && simRate <= 1_000_000)) {
    throw new UsageError(`--sim-rate must be 0..1000000 level updates per second, got ${values['sim-rate']}`);
  }
  const simSeed = values['sim-seed'] === undefined ? undefined : Number(values['sim-seed']);
  if (simSeed !== undefined && !Number.isSafeInteger(simSeed)) {
    throw new UsageError(`--sim-seed must be an integer, got ${values['sim-seed']}`);
  }
  const venuesFile = values.venues;
  if (venuesFile === '')
    throw new UsageError('--venues needs a file name (npm run sim -- --out FILE writes one)');
  if (venuesFile !== undefined && (simRate !== undefined || simSeed !== undefined))
    throw new UsageError(
      '--sim-rate and --sim-seed set up embedded simulators; --venues FILE uses simulators started elsewhere',
    );
  const replay = replayArg(values.replay, values['replay-speed'], values['replay-loop'] === true);
  if (replay && (simRate !== undefined || simSeed !== undefined || venuesFile !== undefined))
    throw new UsageError('--replay runs no simulators: it cannot take --sim-rate, --sim-seed or --venues');
  if (replay && profile?.success && profile.data !== 'demo')
    throw new UsageError('--replay opens in the demo profile (no venue connects): leave out --profile');
  return {
    port,
    ...(replay ? { replay } : {}),
    ...(venuesFile !== undefined ? { venuesFile } : {}),
    ...(profile?.success ? { profile: profile.data } : {}),
    ...(simRate !== undefined ? { simRate } : {}),
    ...(simSeed !== undefined ? { simSeed } : {}),
  };
}

export class UsageError extends Error {}

/** `--replay PROFILE/ID` with its speed and loop switch, checked by the contract's replay.start schema. */
function replayArg(
  value: string | undefined,
  speedText: string | undefined,
  loop: boolean,
): WebArgs['replay'] | undefined {
  if (value === undefined) {
    if (speedText !== undefined || loop)
      throw new UsageError('--replay-speed and --replay-loop need --replay');
    return undefined;
  }
  const slash = value.indexOf('/');
  const speed = speedText === undefined ? undefined : Number(speedText);
  const parsed = replayRequestSchemas['replay.start'].request.safeParse({
    profile: value.slice(0, slash),
    id: value.slice(slash + 1),
    ...(speed !== undefined ? { speed } : {}),
    ...(loop ? { loop } : {}),
  });
  if (slash < 0 || !parsed.success) {
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    const what =
      slash < 0 || issue?.path[0] === 'profile' || issue?.path[0] === 'id'
        ? `--replay must be PROFILE/ID (a profile's recording, e.g. demo/20261207T045000123Z), got ${value}`
        : `--replay-speed must be ${REPLAY_SPEED.min}..${REPLAY_SPEED.max}, got ${speedText}`;
    throw new UsageError(what);
  }
  const { startAt: _ignored, ...request } = parsed.data;
  return request;
}

/**
 * CROSSBOOK_WEB_TOKEN keeps the access token across restarts of the host (with a fixed --port),
 * so open pages reconnect by themselves; otherwise every start has a fresh random token.
 */
function fixedToken(): { token?: string } {
  const token = process.env.CROSSBOOK_WEB_TOKEN;
  if (token === undefined || token === '') return {};
  if (!/^[A-Za-z0-9_-]{32,}$/.test(token))
    throw new UsageError('CROSSBOOK_WEB_TOKEN must be at least 32 letters, digits, _ or -');
  return { token };
}

async function main(): Promise<void> {
  let args: WebArgs;
  let remoteSimulators: SimulatorDescription | undefined;
  try {
    args = parseWebArgs(process.argv.slice(2));
    if (args.venuesFile !== undefined) remoteSimulators = readVenuesFile(args.venuesFile);
  } catch (error) {
    // Bad arguments and a bad --venues file alike: one line, exit 2, nothing started.
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const rendererDir = process.env.CROSSBOOK_RENDERER_DIR ?? join(here, '..', 'renderer');
  let origin = '';
  const replay = args.replay;
  const running = await startCore({
    profile: replay ? 'demo' : args.profile,
    dataDir: ensurePrivateDir(process.env.CROSSBOOK_DATA_DIR ?? join(homedir(), '.crossbook')),
    keychainService: process.env.CROSSBOOK_KEYCHAIN_SERVICE,
    simulators: { rate: args.simRate, seed: args.simSeed },
    // A replay's demo profile describes no simulators, so none starts and no venue connects.
    ...(remoteSimulators || replay ? { remoteSimulators: remoteSimulators ?? {} } : {}),
    host: {
      host: 'web',
      version: packageJson.version,
      openWindow: async (kind, params) => {
        const query = new URLSearchParams({ window: kind, ...params });
        return { url: `${origin}/?${query.toString()}` };
      },
    },
  });
  if (replay) {
    try {
      if (running.session.current().phase !== 'ready')
        throw new Error(`the session is not unlocked (${running.session.current().phase})`);
      await running.replay.start(replay);
    } catch (error) {
      process.stderr.write(`--replay ${replay.profile}/${replay.id}: ${(error as Error).message}\n`);
      await running.close();
      process.exit(2);
    }
  }
  const web = await startWebHost({ core: running.core, rendererDir, port: args.port, ...fixedToken() });
  origin = web.origin;
  process.stdout.write(`CROSSBOOK_URL=${web.url}\n`);
  const sim = running.session.simulatorDescriptor();
  // The demo simulators' descriptor, as `npm run sim` prints it: their URLs and the demo
  // credentials (which open nothing but these local simulators).
  if (sim) process.stdout.write(`CROSSBOOK_SIM=${JSON.stringify(sim)}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await web.close();
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    log.error('web host failed to start', { error });
    process.exit(1);
  });
}
