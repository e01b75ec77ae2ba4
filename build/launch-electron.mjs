// `npm start`: launch the built app in Electron. Electron's npm package fetches its binary on
// first run; where that cannot happen (no access to Electron's download host) we stop with one
// clear paragraph instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronDir, installedElectronBinary } from './electron-binary.mjs';

function explainAndExit(detail) {
  console.error(
    `Crossbook could not start Electron: its binary is not installed and could not be downloaded (${detail}). ` +
      'Electron fetches its binary from its release host on first run; on a machine without that access, run ' +
      '`npm run start:web` instead — the same core and windows, served to your browser on 127.0.0.1 — or copy an ' +
      'Electron build in and point ELECTRON_OVERRIDE_DIST_PATH at it.',
  );
  process.exit(1);
}

let binary = installedElectronBinary();
if (!binary) {
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
    encoding: 'utf8',
  });
  binary = installedElectronBinary();
  if (!binary) {
    const firstLine = (install.stderr || install.error?.message || 'download failed').trim().split('\n')[0];
    explainAndExit(firstLine.slice(0, 200));
  }
}

const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
