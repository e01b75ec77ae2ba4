// Packages the app the way `npm run dist` does, unpacked (--dir), against a stand-in Electron
// folder (no Electron download is possible here), then checks what would ship: the entry inside
// the asar, the native keychain module unpacked beside it, nothing dev-only, and the fuses
// flipped in the binary. The stand-in binary carries Electron's fuse wire so that flipping it
// is checked too. Exits non-zero with one line per problem.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const asar = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/asar');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's shipped defaults: RunAsNode, NodeOptions, CLI inspect and file:// privileges on.
const FUSES = [
  'RunAsNode',
  'CookieEncryption',
  'NodeOptions',
  'NodeCliInspect',
  'AsarIntegrity',
  'OnlyLoadAppFromAsar',
  'V8Snapshot',
  'FileProtocolPrivileges',
];
const SHIPPED_WIRE = '10110001';
const WANTED = {
  RunAsNode: '0',
  NodeOptions: '0',
  NodeCliInspect: '0',
  AsarIntegrity: '1',
  OnlyLoadAppFromAsar: '1',
  FileProtocolPrivileges: '0',
};

const work = mkdtempSync(join(tmpdir(), 'crossbook-package-'));
const problems = [];
try {
  const electronDist = join(work, 'electron-dist');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  writeFileSync(
    join(electronDist, 'electron'),
    Buffer.concat([
      Buffer.from('#!/bin/sh\n# stand-in Electron\n'),
      Buffer.from(SENTINEL),
      Buffer.from([1, FUSES.length]),
      Buffer.from(SHIPPED_WIRE),
      Buffer.from('\n'),
    ]),
    { mode: 0o755 },
  );
  writeFileSync(join(electronDist, 'version'), electronVersion);
  writeFileSync(join(electronDist, 'LICENSE'), 'stand-in');
  writeFileSync(join(electronDist, 'LICENSES.chromium.html'), 'stand-in');

  const output = join(work, 'release');
  const started = Date.now();
  execFileSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--config',
      'electron-builder.yml',
      '--linux',
      '--x64',
      '--dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.electronVersion=${electronVersion}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_BUILDER_OFFLINE: '1' } },
  );
  const app = join(output, 'linux-unpacked');
  const archive = join(app, 'resources', 'app.asar');
  if (!existsSync(archive)) throw new Error(`no app.asar in ${app}`);
  const files = new Set(
    asar.listPackage(archive, { isPack: false }).map((f) => f.replace(/\\/g, '/').replace(/^\//, '')),
  );

  const packaged = JSON.parse(asar.extractFile(archive, 'package.json').toString());
  if (packaged.main !== pkg.main) problems.push(`packaged main is ${packaged.main}, expected ${pkg.main}`);
  for (const needed of [
    pkg.main,
    'dist/node/preload.cjs',
    'dist/node/engine-worker.mjs',
    'dist/node/sim-worker.mjs',
    'dist/node/replay-worker.mjs',
    'dist/renderer/index.html',
  ])
    if (!files.has(needed)) problems.push(`missing in app.asar: ${needed}`);
  for (const file of files) {
    if (file.endsWith('.map')) problems.push(`source map shipped: ${file}`);
    if (/^dist\/node\/(sim|bench|bench-ui)\.mjs$/.test(file))
      problems.push(`dev-only bundle shipped: ${file}`);
  }
  const devOnly = Object.keys(pkg.devDependencies).filter((name) => !(name in pkg.dependencies));
  for (const name of devOnly)
    if (files.has(`node_modules/${name}`) || files.has(`node_modules/${name}/package.json`))
      problems.push(`devDependency shipped: ${name}`);
  for (const name of Object.keys(pkg.dependencies))
    if (!files.has(`node_modules/${name}/package.json`)) problems.push(`runtime dependency missing: ${name}`);
  const native = join(
    app,
    'resources',
    'app.asar.unpacked',
    'node_modules',
    'keytar',
    'build',
    'Release',
    'keytar.node',
  );
  if (!existsSync(native)) problems.push('keytar.node is not unpacked beside the asar');

  const binary = readFileSync(join(app, pkg.build?.executableName ?? 'crossbook'));
  const at = binary.indexOf(SENTINEL) + SENTINEL.length + 2;
  const wire = binary.subarray(at, at + FUSES.length).toString('latin1');
  for (const [fuse, state] of Object.entries(WANTED))
    if (wire[FUSES.indexOf(fuse)] !== state)
      problems.push(`fuse ${fuse} is ${wire[FUSES.indexOf(fuse)]}, expected ${state}`);
  console.log(
    `check-package: ${files.size} entries in app.asar, fuses ${wire}, packaged in ${Date.now() - started} ms`,
  );
} catch (error) {
  problems.push(
    String(error?.stderr ?? '')
      .trim()
      .split('\n')
      .slice(-5)
      .join('\n') || String(error?.message ?? error),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const problem of problems) console.error(`check-package: ${problem}`);
process.exit(problems.length ? 1 : 0);
