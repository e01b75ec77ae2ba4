// `npm start`: launch the built app in Electron. Electron's npm package fetches its binary on
// first run; where that cannot happen (no access to Electron's download host) we say so in one
// line and start the web host instead — the same core and windows, served to a browser on
// 127.0.0.1 — which prints the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronDir, installedElectronBinary } from './electron-binary.mjs';

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

let binary = installedElectronBinary();
if (!binary && !process.env.CROSSBOOK_NO_ELECTRON_DOWNLOAD) {
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
    encoding: 'utf8',
  });
  binary = installedElectronBinary();
  if (!binary) {
    const firstLine = (install.stderr || install.error?.message || 'download failed').trim().split('\n')[0];
    process.env.CROSSBOOK_ELECTRON_MISSING = firstLine.slice(0, 160);
  }
}

if (binary) {
  run(binary, ['.', ...process.argv.slice(2)]);
} else {
  const why = process.env.CROSSBOOK_ELECTRON_MISSING ?? 'download skipped';
  console.error(
    `Electron's binary is not installed and could not be downloaded (${why}); starting the web host instead — open the CROSSBOOK_URL it prints in your browser.`,
  );
  run(process.execPath, [
    join(import.meta.dirname, '..', 'dist', 'node', 'web-host.mjs'),
    ...process.argv.slice(2),
  ]);
}
