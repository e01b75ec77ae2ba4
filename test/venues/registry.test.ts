// A venue is one folder plus one line per registry: no other source file may know every venue.
// A file that names all of them (as identifiers or strings, comments aside) is a per-venue switch
// or map that the next venue would have to find and extend.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VENUES } from '../../shared/domain';
import { VENUE_MODULES } from '../../electron/venues/registry';
import { VENUE_BOOKS } from '../../electron/venues/book-registry';

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['electron', 'shared'];
const REGISTRIES = new Set([
  'shared/domain.ts',
  'electron/venues/registry.ts',
  'electron/venues/book-registry.ts',
  'electron/venues/simulator-registry.ts',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|vue)$/.test(e.name) ? [path] : [];
  });
}

/** Source text without comments, so a comment may still say "Paxos, Finery and ALOR". */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function namesEveryVenue(text: string): boolean {
  const body = code(text);
  return VENUES.every((v) => new RegExp(`\\b${v}\\b`).test(body));
}

describe('venue registries', () => {
  it('lists every venue once in each registry', () => {
    expect(Object.keys(VENUE_MODULES).sort()).toEqual([...VENUES].sort());
    expect(Object.keys(VENUE_BOOKS).sort()).toEqual([...VENUES].sort());
    for (const v of VENUES) {
      expect(VENUE_MODULES[v].id).toBe(v);
      expect(VENUE_BOOKS[v].venue).toBe(v);
    }
  });

  it('recognises a file that names every venue, and not one that names a few or only comments', () => {
    expect(namesEveryVenue(`const m = { paxos: 1, finery: 2, alor: 3 };`)).toBe(true);
    expect(namesEveryVenue(`if (v === 'paxos' || v === 'alor') f('finery');`)).toBe(true);
    expect(namesEveryVenue(`const m = { paxos: 1, finery: 2 };`)).toBe(false);
    expect(namesEveryVenue(`// paxos, finery, alor\nconst x = 1;`)).toBe(false);
    expect(namesEveryVenue(`/* paxos finery alor */ const paxos = 1;`)).toBe(false);
  });

  it('no source file outside the registries and shared/domain.ts names every venue', () => {
    const files = SCANNED.flatMap((d) => sourceFiles(join(ROOT, d))).map((f) =>
      relative(ROOT, f).split('\\').join('/'),
    );
    expect(files).toContain('electron/venues/registry.ts');
    const offenders = files.filter(
      (f) => !REGISTRIES.has(f) && namesEveryVenue(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
