import { startWebHostProcess } from './web-host-process';

// One web host for the suite; its URL reaches the tests through the environment.
export default async function globalSetup(): Promise<() => Promise<void>> {
  const host = await startWebHostProcess();
  process.env.CROSSBOOK_E2E_URL = host.url;
  process.env.CROSSBOOK_E2E_ORIGIN = host.origin;
  process.env.CROSSBOOK_E2E_TOKEN = host.token;
  return async () => {
    const code = await host.stop();
    if (code !== 0) throw new Error(`web host exited with ${code} on SIGTERM`);
  };
}
