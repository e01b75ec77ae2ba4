// Reads recordings back: the list a trader picks from, and one session's events in order. A part
// still being written (or cut short by a crash) reads up to its last sync flush; a torn last line
// is skipped and counted, never guessed at.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { constants, createGunzip } from 'node:zlib';
import {
  RecordedEvent,
  RecordingHeader,
  parseRecordingFileName,
  type RecordedEvent as Event,
} from './format';

export interface RecordingSummary {
  /** The session id: what replay asks for. */
  id: string;
  /** Epoch ms the session began (from its id) and its newest part was last written. */
  startedAt: number;
  lastWrittenAt: number;
  parts: string[];
  bytes: number;
}

export interface LoadedRecording {
  id: string;
  profile: string;
  events: Event[];
  /** Lines that could not be read (a torn last line of a part cut short). */
  skipped: number;
  /** The recording went on past what one replay holds in memory; the events end early. */
  partial: boolean;
}

/**
 * The most recorded text one replay loads (a replay holds its events in memory to seek and
 * loop). About 40 minutes at 100,000 level updates/s, days at the demo's rates; a longer
 * recording replays from its start up to here, and says so.
 */
export const MAX_LOADED_TEXT_BYTES = 384 * 1024 * 1024;

function sessionStart(id: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(id);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : 0;
}

/** Every session in a profile's recording folder, newest first; an absent folder has none. */
export async function listRecordings(dir: string): Promise<RecordingSummary[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => parseRecordingFileName(n)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const byId = new Map<string, RecordingSummary>();
  for (const name of names) {
    const { session } = parseRecordingFileName(name)!;
    const s = await stat(join(dir, name));
    const entry = byId.get(session) ?? {
      id: session,
      startedAt: sessionStart(session),
      lastWrittenAt: 0,
      parts: [],
      bytes: 0,
    };
    entry.parts.push(name);
    entry.bytes += s.size;
    entry.lastWrittenAt = Math.max(entry.lastWrittenAt, s.mtimeMs);
    byId.set(session, entry);
  }
  return [...byId.values()].sort((a, b) => b.startedAt - a.startedAt);
}

/** A frame line is checked by hand (they are most of the file); every other kind by its schema. */
function parseLine(line: string): Event | RecordingHeader | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const f = raw as { k?: unknown; t?: unknown; v?: unknown; x?: unknown };
  if (f?.k === 'frame' && typeof f.t === 'number' && typeof f.x === 'string' && typeof f.v === 'string') {
    const venue = RecordedEvent.options[0].shape.v.safeParse(f.v);
    return venue.success ? (raw as Event) : undefined;
  }
  if (f?.k === 'header') return RecordingHeader.safeParse(raw).data;
  return RecordedEvent.safeParse(raw).data;
}

async function readPart(
  path: string,
  out: Event[],
): Promise<{ header?: RecordingHeader; skipped: number; textBytes: number }> {
  // finishFlush: a part still open ends at a sync-flush boundary, not a gzip trailer.
  const lines = createInterface({
    input: createReadStream(path).pipe(createGunzip({ finishFlush: constants.Z_SYNC_FLUSH })),
    crlfDelay: Infinity,
  });
  let header: RecordingHeader | undefined;
  let skipped = 0;
  let textBytes = 0;
  for await (const line of lines) {
    if (line === '') continue;
    textBytes += line.length;
    const parsed = parseLine(line);
    if (!parsed) skipped++;
    else if (parsed.k === 'header') header ??= parsed;
    else out.push(parsed);
  }
  return { header, skipped, textBytes };
}

/** One session's events, parts in order, up to about `maxTextBytes` of recorded text (whole parts). */
export async function loadRecording(
  dir: string,
  id: string,
  maxTextBytes = MAX_LOADED_TEXT_BYTES,
): Promise<LoadedRecording> {
  const summary = (await listRecordings(dir)).find((r) => r.id === id);
  if (!summary) throw new Error(`no recording ${id}`);
  const events: Event[] = [];
  let skipped = 0;
  let profile = '';
  let textBytes = 0;
  for (const part of summary.parts) {
    if (textBytes >= maxTextBytes) return { id, profile, events, skipped, partial: true };
    const read = await readPart(join(dir, part), events);
    skipped += read.skipped;
    textBytes += read.textBytes;
    profile ||= read.header?.profile ?? '';
  }
  return { id, profile, events, skipped, partial: false };
}
