// Bundles every Node-side entry point with esbuild into dist/node/. npm packages stay external
// (they are resolved from node_modules at run time, and electron-builder ships them), except in
// the sandboxed preload, which may load nothing but `electron` and so is bundled whole.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
  { in: 'electron/web/main.ts', out: 'web-host' },
  { in: 'electron/host/main.ts', out: 'electron-main' },
  { in: 'electron/venues/simulators/sim-cli.ts', out: 'sim' },
  { in: 'electron/engine/worker.ts', out: 'engine-worker' },
  { in: 'electron/venues/simulators/simulator-worker.ts', out: 'sim-worker' },
  { in: 'electron/replay/thread/replay-worker.ts', out: 'replay-worker' },
  { in: 'test/bench/main.ts', out: 'bench' },
  { in: 'test/bench/ui.ts', out: 'bench-ui' },
].filter((e) => existsSync(e.in));

const common = { bundle: true, platform: 'node', target: 'node24', sourcemap: 'linked', logLevel: 'warning' };

await build({
  ...common,
  entryPoints: entries,
  outdir: 'dist/node',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  packages: 'external',
});

if (existsSync('electron/host/preload.ts')) {
  await build({
    ...common,
    entryPoints: [{ in: 'electron/host/preload.ts', out: 'preload' }],
    outdir: 'dist/node',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    platform: 'browser',
  });
}
console.error(`bundle-node: ${entries.length + 1} entries → dist/node/`);
