// The engine worker loads electron/book/, every venue's book/ folder and the book registry, and
// nothing else of the venues: no adapter, socket or keychain code may reach the worker bundle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier a file imports or re-exports, as a repo-relative path or a package name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) =>
    s.startsWith('.')
      ? relative(ROOT, resolve(dirname(file), s))
          .split('\\')
          .join('/')
      : s,
  );
}

const under = (path: string, ...folders: string[]) =>
  folders.some((f) => path === f || path.startsWith(`${f}/`));

const venueBookFolders = readdirSync(join(ROOT, 'electron/venues'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => `electron/venues/${e.name}/book`)
  .filter((f) => {
    try {
      return readdirSync(join(ROOT, f)).length > 0;
    } catch {
      return false;
    }
  });

describe('worker-side layering', () => {
  it('finds every venue book folder', () => {
    expect(venueBookFolders.length).toBeGreaterThanOrEqual(3);
  });

  it('electron/book imports only shared/ and itself', () => {
    for (const file of tsFiles(join(ROOT, 'electron/book')))
      for (const spec of importsOf(file))
        expect(under(spec, 'shared', 'electron/book'), `${relative(ROOT, file)} → ${spec}`).toBe(true);
  });

  it("a venue's book/ imports only shared/, electron/book and its own book/ folder", () => {
    for (const folder of venueBookFolders)
      for (const file of tsFiles(join(ROOT, folder)))
        for (const spec of importsOf(file))
          expect(under(spec, 'shared', 'electron/book', folder), `${relative(ROOT, file)} → ${spec}`).toBe(
            true,
          );
  });

  it('the book registry imports only venue book folders, electron/book and shared/', () => {
    for (const spec of importsOf(join(ROOT, 'electron/venues/book-registry.ts')))
      expect(under(spec, 'shared', 'electron/book', ...venueBookFolders), spec).toBe(true);
  });
});
