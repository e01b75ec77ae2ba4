import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addLogFile, createLogger, RateLimitedLog, type Logger } from '../../electron/base/log';
import { ensurePrivateDir } from '../../electron/base/private-dir';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'crossbook-log-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('log file', () => {
  it('is the owner’s only and rotates by size into a bounded number of files', () => {
    const dir = tempDir();
    const path = join(dir, 'crossbook.log');
    const remove = addLogFile(path, { maxBytes: 2000, keep: 2 });
    const log = createLogger('rotation-test');
    try {
      for (let i = 0; i < 200; i++) log.warn('line', { i, pad: 'x'.repeat(40) });
    } finally {
      remove();
    }
    expect(readdirSync(dir).sort()).toEqual(['crossbook.log', 'crossbook.log.1', 'crossbook.log.2']);
    for (const name of readdirSync(dir)) {
      expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(2000);
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
    }
    const last = readFileSync(path, 'utf8').trim().split('\n').pop()!;
    expect(JSON.parse(last).fields.i).toBe(199);
  });

  it('makes the data folder 0700, tightening an existing one', () => {
    const dir = join(tempDir(), 'data');
    ensurePrivateDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});

describe('rate-limited log', () => {
  it('writes at most the limit per window and counts the rest', () => {
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    const sink: Logger = {
      debug: () => undefined,
      info: () => undefined,
      error: () => undefined,
      warn: (m, f) => lines.push([m, f]),
    };
    let now = 0;
    const limited = new RateLimitedLog(sink, 'refused', 3, 1000, () => now);
    for (let i = 0; i < 10; i++) limited.warn({ i });
    expect(lines).toHaveLength(3);
    now = 1500;
    limited.warn({ i: 10 });
    expect(lines[3]).toEqual(['refused: lines left out', { count: 7 }]);
    expect(lines[4]).toEqual(['refused', { i: 10 }]);
  });
});
