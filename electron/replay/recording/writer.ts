// Writes a recording. It runs on the engine worker, which already receives every frame the core
// gets (batched per event-loop turn), so recording adds no work to the main thread: this thread
// turns each batch into lines and hands one string per batch to a gzip stream, whose compression
// runs on libuv's thread pool. Files rotate by compressed size and by age; after each rotation
// the profile's oldest files go until the folder is under its cap.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, createGzip, type Gzip } from 'node:zlib';
import { createLogger } from '../../base/log';
import {
  RECORDING_VERSION,
  RecordingTarget,
  parseRecordingFileName,
  recordingFileName,
  sessionId,
  type RecordedEvent,
  type RecordedMarket,
  type RecordingHeader,
} from './format';

const log = createLogger('recorder');

/** The sink commands a recording keeps, in the engine protocol's shape (the batch as it arrives). */
export type SinkCommand =
  | { type: 'frame'; venue: string; text: string; receivedAt: number }
  | { type: 'bindStream'; venue: string; key: string; market: string }
  | { type: 'unbindStream'; venue: string; key: string }
  | { type: 'resetBook'; venue: string; market: string }
  | { type: 'trade'; trade: Extract<RecordedEvent, { k: 'trade' }>['trade'] };

interface OpenFile {
  path: string;
  gzip: Gzip;
  out: WriteStream;
  openedAt: number;
  /** Text handed to gzip so far (the rotation size). */
  textBytes: number;
  done: Promise<void>;
}

const SINK_TYPES = new Set(['frame', 'bindStream', 'unbindStream', 'resetBook', 'trade']);

export class RecordingWriter {
  private readonly target: ReturnType<typeof RecordingTarget.parse>;
  private readonly session: string;
  private part = 0;
  private file: OpenFile | undefined;
  private lastT = 0;
  private readonly markets = new Map<string, RecordedMarket>();
  private readonly bindings = new Map<string, { v: string; key: string; m: string }>();
  private readonly flushTimer: ReturnType<typeof setInterval>;
  private closing: Promise<void> | undefined;
  private trimming: Promise<void> = Promise.resolve();

  constructor(
    target: RecordingTarget,
    private readonly now: () => number = Date.now,
  ) {
    this.target = RecordingTarget.parse(target);
    this.session = sessionId(now());
    // Once per recorder start, on the engine worker: a synchronous mkdir costs the main thread nothing.
    mkdirSync(this.target.dir, { recursive: true });
    // Sync flushes make the part being written readable up to the last one (replay of a recording
    // still running, or of one cut short by a crash).
    this.flushTimer = setInterval(() => this.file?.gzip.flush(constants.Z_SYNC_FLUSH), this.target.flushMs);
    this.flushTimer.unref();
  }

  get sessionName(): string {
    return this.session;
  }

  /** The markets every later file repeats in its head, so each part replays on its own. */
  defineMarkets(markets: RecordedMarket[]): void {
    if (this.closing) return;
    const fresh = !this.file;
    for (const m of markets) this.markets.set(`${m.venue}:${m.market}`, m);
    // A file opened now writes them in its head.
    const file = this.current();
    if (!fresh) this.write(file, [{ k: 'markets', t: this.stamp(this.now()), markets }]);
  }

  /** One batch, as the engine worker received it; commands that are not sink events are skipped. */
  record(batch: readonly ({ type: string } | SinkCommand)[]): void {
    if (this.closing || !batch.some((c) => SINK_TYPES.has(c.type))) return;
    // Opened before this batch changes the bindings, so its head holds the bindings before it.
    const file = this.current();
    const events: RecordedEvent[] = [];
    // Bindings, resets and trades carry no receipt time: they take the frame before them in the
    // batch, or this thread's clock (a batch of trades alone after a quiet spell).
    let at = this.now();
    for (const raw of batch) {
      const c = raw as SinkCommand;
      switch (c.type) {
        case 'frame':
          at = c.receivedAt;
          events.push({ k: 'frame', t: this.stamp(at), v: c.venue as never, x: c.text });
          break;
        case 'bindStream':
          this.bindings.set(`${c.venue}\n${c.key}`, { v: c.venue, key: c.key, m: c.market });
          events.push({ k: 'bind', t: this.stamp(at), v: c.venue as never, key: c.key, m: c.market });
          break;
        case 'unbindStream':
          this.bindings.delete(`${c.venue}\n${c.key}`);
          events.push({ k: 'unbind', t: this.stamp(at), v: c.venue as never, key: c.key });
          break;
        case 'resetBook':
          events.push({ k: 'reset', t: this.stamp(at), v: c.venue as never, m: c.market });
          break;
        case 'trade':
          events.push({ k: 'trade', t: this.stamp(at), trade: c.trade });
          break;
      }
    }
    this.write(file, events);
  }

  /** Receipt times only move forward in a file, so a reader may binary-search them. */
  private stamp(t: number): number {
    if (t > this.lastT) this.lastT = t;
    return this.lastT;
  }

  private write(file: OpenFile, events: RecordedEvent[]): void {
    let text = '';
    for (const e of events) text += `${JSON.stringify(e)}\n`;
    file.gzip.write(text);
    // Counted before compression: the compressed size is known only later, on the thread pool.
    file.textBytes += text.length;
    if (file.textBytes >= this.target.maxFileBytes || this.now() - file.openedAt >= this.target.maxFileMs)
      this.rotate();
  }

  private current(): OpenFile {
    if (this.file) return this.file;
    const openedAt = this.now();
    const path = join(this.target.dir, recordingFileName(this.session, this.part));
    const gzip = createGzip();
    const out = createWriteStream(path, { flags: 'wx' });
    const done = new Promise<void>((resolve) => {
      out.on('close', () => resolve());
      out.on('error', (error) => {
        log.error('recording file failed', { path, error });
        resolve();
      });
    });
    gzip.on('error', (error) => log.error('recording compression failed', { path, error }));
    gzip.pipe(out);
    const header: RecordingHeader = {
      k: 'header',
      version: RECORDING_VERSION,
      profile: this.target.profile,
      session: this.session,
      part: this.part,
      startedAt: openedAt,
    };
    let head = `${JSON.stringify(header)}\n`;
    const t = this.stamp(openedAt);
    if (this.markets.size > 0)
      head += `${JSON.stringify({ k: 'markets', t, markets: [...this.markets.values()] })}\n`;
    for (const b of this.bindings.values()) head += `${JSON.stringify({ k: 'bind', t, ...b })}\n`;
    gzip.write(head);
    this.file = { path, gzip, out, openedAt, textBytes: head.length, done };
    return this.file;
  }

  private rotate(): void {
    const file = this.file;
    if (!file) return;
    this.file = undefined;
    this.part++;
    file.gzip.end();
    this.trimming = this.trimming.then(() => file.done).then(() => this.trim());
  }

  /** Oldest parts first (of any session of this profile) until the folder fits its cap. */
  private async trim(): Promise<void> {
    try {
      const names = (await readdir(this.target.dir)).filter((n) => parseRecordingFileName(n)).sort();
      const current = this.file ? recordingFileName(this.session, this.part) : undefined;
      const sizes = await Promise.all(names.map((n) => stat(join(this.target.dir, n)).then((s) => s.size)));
      let total = sizes.reduce((a, b) => a + b, 0);
      for (let i = 0; i < names.length && total > this.target.maxTotalBytes; i++) {
        if (names[i] === current) continue;
        await unlink(join(this.target.dir, names[i]!));
        total -= sizes[i]!;
        log.info('recording part deleted for the disk cap', { file: names[i] });
      }
    } catch (error) {
      log.warn('could not trim recordings', { dir: this.target.dir, error });
    }
  }

  /** Ends the file being written (complete gzip) and waits for it and any trim. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.flushTimer);
      const file = this.file;
      this.file = undefined;
      file?.gzip.end();
      await file?.done;
      await this.trimming;
    })();
    return this.closing;
  }
}
