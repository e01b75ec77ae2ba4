import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHostProcess } from './web-host-process';

// One web host for the suite; its URL reaches the tests through the environment.
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crossbook-e2e-'));
  const host = await startWebHostProcess(['--sim-rate', '300'], {
    CROSSBOOK_DATA_DIR: dataDir,
    CROSSBOOK_KEYCHAIN_SERVICE: `Crossbook-e2e-${process.pid}`,
    // Every log line, so tests can prove no secret ever reaches a log.
    CROSSBOOK_LOG_FILE: join(dataDir, 'crossbook.log'),
  });
  process.env.CROSSBOOK_E2E_URL = host.url;
  process.env.CROSSBOOK_E2E_ORIGIN = host.origin;
  process.env.CROSSBOOK_E2E_TOKEN = host.token;
  process.env.CROSSBOOK_E2E_LOG = join(dataDir, 'crossbook.log');
  process.env.CROSSBOOK_E2E_SIM = JSON.stringify(host.sim ?? null);
  return async () => {
    const code = await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`web host exited with ${code} on SIGTERM`);
  };
}
