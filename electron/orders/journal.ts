// The order journal: an append-only JSON-lines file, one record per line as
// "<crc32 hex> <json>\n". Why this and not a database: Node 20 has no node:sqlite, and
// better-sqlite3 would be a second native module to rebuild for every Electron release. The
// access pattern is append + full replay at start, which a log does with nothing to rebuild.
// Crash safety: each batch is written and fdatasync'ed before the caller acts on it (before an
// order leaves, before a fill moves a position), so anything the venue can know about, we know
// about. A crash mid-write leaves at most one torn last line, which the checksum exposes and
// replay truncates. Writes are synchronous on purpose: ordering is trivially the call order and
// the volume is the trader's order rate, not market data.
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { createLogger } from '../base/log';
import type { JournalRecord } from './types';

const log = createLogger('orders.journal');

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function encodeRecord(record: JournalRecord): Buffer {
  const json = Buffer.from(JSON.stringify(record), 'utf8');
  const head = Buffer.from(crc32(json).toString(16).padStart(8, '0') + ' ', 'ascii');
  return Buffer.concat([head, json, Buffer.from('\n')]);
}

function decodeLine(line: Buffer): JournalRecord | undefined {
  if (line.length < 10 || line[8] !== 0x20) return undefined;
  const crc = Number.parseInt(line.subarray(0, 8).toString('ascii'), 16);
  const json = line.subarray(9);
  if (!Number.isFinite(crc) || crc32(json) !== crc) return undefined;
  try {
    const value = JSON.parse(json.toString('utf8')) as JournalRecord;
    return value && typeof value === 'object' && typeof value.k === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export interface ReplayReport {
  records: number;
  /** Bytes cut off the end: a torn last write. */
  truncatedBytes: number;
  /** Damaged lines in the middle, skipped (the records after them are kept). */
  skipped: number;
}

export class Journal {
  private fd: number;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Opens (creating) the journal, replays it and repairs a torn tail. */
  static open(path: string): { journal: Journal; records: JournalRecord[]; report: ReplayReport } {
    mkdirSync(dirname(path), { recursive: true });
    const fresh = !existsSync(path);
    const fd = openSync(path, 'a+', 0o600);
    if (fresh) syncDirectory(dirname(path));
    const data = fstatSync(fd).size > 0 ? readFileSync(path) : Buffer.alloc(0);
    const records: JournalRecord[] = [];
    let skipped = 0;
    let goodEnd = 0;
    let pendingBad = 0;
    let start = 0;
    while (start < data.length) {
      const nl = data.indexOf(0x0a, start);
      if (nl < 0) break;
      const record = decodeLine(data.subarray(start, nl));
      if (record) {
        records.push(record);
        skipped += pendingBad;
        pendingBad = 0;
        goodEnd = nl + 1;
      } else {
        pendingBad++;
      }
      start = nl + 1;
    }
    const truncatedBytes = data.length - goodEnd;
    if (truncatedBytes > 0) {
      // Only what follows the last good record goes: a write torn by a crash or power loss.
      ftruncateSync(fd, goodEnd);
      fsyncSync(fd);
      log.warn('journal had a torn tail; truncated', { path, bytes: truncatedBytes });
    }
    if (skipped > 0) log.error('journal has damaged records in the middle; skipped', { path, skipped });
    return {
      journal: new Journal(path, fd),
      records,
      report: { records: records.length, truncatedBytes, skipped },
    };
  }

  /** Appends records and makes them durable before returning. */
  append(records: JournalRecord[]): void {
    if (records.length === 0) return;
    if (this.fd < 0) throw new Error('the order journal is closed');
    const buf = Buffer.concat(records.map(encodeRecord));
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the file itself is still synced.
  }
}
