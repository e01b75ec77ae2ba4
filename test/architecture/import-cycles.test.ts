// No import cycle in the core or shared/: not between files, not between folders, and not between
// the top-level parts (electron/<part>, one part per venue), where the first round had one cycle
// through core, engine, orders, vault and venues.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, groupGraph, importGraph } from './import-graph';

const graph = importGraph(['electron', 'shared']);

function topLevelPart(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'electron' && parts[1] === 'venues' && parts.length > 3)
    return parts.slice(0, 3).join('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('import cycles', () => {
  it('reads the whole core', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect([...graph.values()].flat().length).toBeGreaterThan(200);
  });

  it('none between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('none between folders', () => {
    expect(cycles(groupGraph(graph, (file) => path.posix.dirname(file)))).toEqual([]);
  });

  it('none between the top-level parts', () => {
    expect(cycles(groupGraph(graph, topLevelPart))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const looped = new Map([
      ['a/x.ts', ['b/y.ts']],
      ['b/y.ts', ['a/z.ts']],
      ['a/z.ts', []],
    ]);
    expect(cycles(looped)).toEqual([]);
    expect(cycles(groupGraph(looped, (file) => path.posix.dirname(file)))).toEqual([['a', 'b']]);
  });
});
