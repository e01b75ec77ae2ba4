// `npm run start:web -- [--port P] [--profile demo|test|production]`: the core in plain Node with
// the renderer served to a browser. Stdout carries exactly the lines other tools read
// (CROSSBOOK_URL, and CROSSBOOK_SIM in the demo profile); logs go to stderr.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json';
import { ProfileName } from '../../shared/domain';
import { startCore } from '../app/bootstrap';
import { createLogger } from '../base/log';
import { ensurePrivateDir } from '../base/private-dir';
import { startWebHost } from './web-host';

const log = createLogger('web-main');

export interface WebArgs {
  port: number;
  profile?: ProfileName;
  simRate?: number;
  simSeed?: number;
}

export function parseWebArgs(argv: string[]): WebArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      profile: { type: 'string' },
      'sim-rate': { type: 'string' },
      'sim-seed': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    throw new UsageError(
      'usage: npm run start:web -- [--port P] [--profile demo|test|production] [--sim-rate R] [--sim-seed N]',
    );
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
  return {
    port,
    ...(profile?.success ? { profile: profile.data } : {}),
    ...(simRate !== undefined ? { simRate } : {}),
    ...(simSeed !== undefined ? { simSeed } : {}),
  };
}

export class UsageError extends Error {}

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
  try {
    args = parseWebArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const rendererDir = process.env.CROSSBOOK_RENDERER_DIR ?? join(here, '..', 'renderer');
  let origin = '';
  const running = await startCore({
    profile: args.profile,
    dataDir: ensurePrivateDir(process.env.CROSSBOOK_DATA_DIR ?? join(homedir(), '.crossbook')),
    keychainService: process.env.CROSSBOOK_KEYCHAIN_SERVICE,
    simulators: { rate: args.simRate, seed: args.simSeed },
    host: {
      host: 'web',
      version: packageJson.version,
      openWindow: async (kind, params) => {
        const query = new URLSearchParams({ window: kind, ...params });
        return { url: `${origin}/?${query.toString()}` };
      },
    },
  });
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
