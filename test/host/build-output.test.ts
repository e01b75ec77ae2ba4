// Every file Electron loads, checked in the build's output: package.json "main", the preload
// and renderer page it points at, the worker bundles, and the native keychain module. Nothing
// else notices a wrong entry where no Electron binary exists to start the app.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
};
const main = join(root, pkg.main);
const nodeDir = dirname(main);

beforeAll(() => {
  // `npm test` builds first; a lone `vitest run` builds here so this test never checks stale air.
  if (!existsSync(main) || !existsSync(join(root, 'dist/renderer/index.html'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  }
}, 120_000);

/** Bare package imports of an ESM bundle (static and dynamic). */
function packagesImported(bundle: string): string[] {
  const text = readFileSync(bundle, 'utf8');
  const names = new Set<string>();
  for (const m of text.matchAll(/(?:from|import\()\s*["']([^"'./][^"']*)["']/g)) {
    const spec = m[1]!;
    if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
    names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
  }
  return [...names].sort();
}

describe('build output Electron loads', () => {
  it('has the entry package.json names', () => {
    expect(pkg.main).toBe('dist/node/electron-main.mjs');
    expect(existsSync(main)).toBe(true);
  });

  it('has the preload, the renderer page and every file the page references', () => {
    const text = readFileSync(main, 'utf8');
    expect(text).toContain('"preload.cjs"');
    expect(existsSync(join(nodeDir, 'preload.cjs'))).toBe(true);
    const renderer = join(nodeDir, '..', 'renderer');
    const html = readFileSync(join(renderer, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="\/?([^"#?]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(existsSync(join(renderer, ref)), ref).toBe(true);
  });

  it('has every worker bundle the main bundle starts', () => {
    const text = readFileSync(main, 'utf8');
    const workers = [...text.matchAll(/new URL\("\.\/([\w-]+\.mjs)", import\.meta\.url\)/g)].map(
      (m) => m[1]!,
    );
    expect(workers.sort()).toEqual(['engine-worker.mjs', 'replay-worker.mjs', 'sim-worker.mjs']);
    for (const worker of workers) expect(existsSync(join(nodeDir, worker)), worker).toBe(true);
  });

  it('imports only runtime dependencies that are installed, keytar with its native module', () => {
    const shipped = new Set([...Object.keys(pkg.dependencies), 'electron']);
    const require = createRequire(join(root, 'package.json'));
    for (const bundle of ['electron-main.mjs', 'engine-worker.mjs', 'sim-worker.mjs', 'replay-worker.mjs']) {
      for (const name of packagesImported(join(nodeDir, bundle))) {
        expect(shipped.has(name), `${bundle} imports ${name}, which is not a runtime dependency`).toBe(true);
        if (name !== 'electron') expect(() => require.resolve(name)).not.toThrow();
      }
    }
    const keytarDir = dirname(require.resolve('keytar/package.json'));
    expect(existsSync(join(keytarDir, 'build', 'Release', 'keytar.node'))).toBe(true);
  });
});
