// The data folder holds the order journal, settings and logs: the owner's only, on every start
// (a folder made by an older version, or by hand, is tightened too).
import { chmodSync, mkdirSync } from 'node:fs';

export function ensurePrivateDir(path: string): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') chmodSync(path, 0o700);
  return path;
}
