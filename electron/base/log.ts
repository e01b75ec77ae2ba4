// One logger for the core and both hosts. Its job beyond levels is redaction: every secret the
// vault or an adapter handles is registered here, and no line leaves the process containing one.
// Callers still must not log secrets on purpose; this is the net under that rule.
import { appendFileSync, chmodSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogRecord {
  time: string;
  level: LogLevel;
  scope: string;
  message: string;
  fields?: Record<string, unknown>;
}

type Sink = (line: string, record: LogRecord) => void;

const secrets = new Set<string>();
const sinks = new Set<Sink>();
let minLevel: LogLevel = (process.env.CROSSBOOK_LOG_LEVEL as LogLevel | undefined) ?? 'info';
const REDACTED = '***';
/** Keys whose values are never logged, whatever they hold. */
const SECRET_KEYS = /secret|password|token|authorization|signature|sign$|apikey|api_key|refresh/i;

/** Registers a secret so that no later log line contains it. Short strings are refused as too common. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= 6) secrets.add(value);
}

export function forgetSecret(value: string): void {
  secrets.delete(value);
}

/** Replaces every registered secret inside text. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

function sanitize(value: unknown, depth = 0): unknown {
  if (depth > 5) return '[depth]';
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => sanitize(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEYS.test(k) ? REDACTED : sanitize(v, depth + 1);
    return out;
  }
  return value;
}

export function setLogLevel(level: LogLevel): void {
  minLevel = level;
}

export function logLevel(): LogLevel {
  return minLevel;
}

/** Adds a destination for log lines (tests record them; hosts add a file). Returns a remover. */
export function addLogSink(sink: Sink): () => void {
  sinks.add(sink);
  return () => sinks.delete(sink);
}

const stderrSink: Sink = (line) => process.stderr.write(line + '\n');
sinks.add(stderrSink);

export interface LogFileOptions {
  /** Size at which the file is rotated to `<path>.1`. */
  maxBytes?: number;
  /** Rotated files kept beside the live one (`<path>.1` … `<path>.N`). */
  keep?: number;
}

// A log file for hosts and end-to-end tests. Appending synchronously keeps lines whole and in
// order even when the process is killed; logging is far off the hot path. The file is the
// owner's only (0600: it names accounts and orders) and rotates by size so it cannot fill a disk.
export function addLogFile(path: string, options: LogFileOptions = {}): () => void {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const keep = Math.max(1, options.keep ?? 5);
  let size = existsSync(path) ? statSync(path).size : 0;
  if (existsSync(path)) chmodSync(path, 0o600);
  const rotate = () => {
    rmSync(`${path}.${keep}`, { force: true });
    for (let n = keep - 1; n >= 1; n--)
      if (existsSync(`${path}.${n}`)) renameSync(`${path}.${n}`, `${path}.${n + 1}`);
    renameSync(path, `${path}.1`);
    size = 0;
  };
  const sink: Sink = (line) => {
    const bytes = Buffer.byteLength(line) + 1;
    try {
      if (size > 0 && size + bytes > maxBytes) rotate();
      appendFileSync(path, line + '\n', { mode: 0o600 });
      size += bytes;
    } catch {
      // A full or vanished disk must not take the process down with it; stderr still has the line.
    }
  };
  sinks.add(sink);
  return () => sinks.delete(sink);
}

/**
 * At most `limit` lines per window for one noisy kind of event (refused requests from a client):
 * a client cannot turn the log into its own disk-filling channel. The count of the lines left
 * out is logged once the next window opens.
 */
export class RateLimitedLog {
  private windowStart = 0;
  private written = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly message: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  warn(fields: Record<string, unknown>): void {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      if (this.suppressed > 0)
        this.logger.warn(`${this.message}: lines left out`, { count: this.suppressed });
      this.windowStart = now;
      this.written = 0;
      this.suppressed = 0;
    }
    if (this.written < this.limit) {
      this.written++;
      this.logger.warn(this.message, fields);
    } else this.suppressed++;
  }
}

if (process.env.CROSSBOOK_LOG_FILE) addLogFile(process.env.CROSSBOOK_LOG_FILE);

/**
 * Hands every line to this one sink instead: a worker thread passes its records to the main
 * thread, whose sinks (file, stderr, tests) and secrets then apply to them as to its own.
 */
export function replaceLogSinks(sink: Sink): void {
  sinks.clear();
  sinks.add(sink);
}

/** Writes a record made on another thread, redacted again with this thread's secrets. */
export function writeLogRecord(record: LogRecord): void {
  publish(record.level, String(record.scope), String(record.message), record.fields, String(record.time));
}

/** Stops writing to stderr (the web host keeps stdout/stderr quiet for its one-line contract). */
export function muteStderr(): void {
  sinks.delete(stderrSink);
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

// The one way a line is made, for this thread's loggers and for records from other threads.
function publish(
  level: LogLevel,
  scope: string,
  message: string,
  fields: Record<string, unknown> | undefined,
  time = new Date().toISOString(),
): void {
  if (!(level in order) || order[level] < order[minLevel]) return;
  const record: LogRecord = {
    time,
    level,
    scope,
    message: redact(message),
    ...(fields ? { fields: sanitize(fields) as Record<string, unknown> } : {}),
  };
  const line = JSON.stringify(record);
  for (const sink of sinks) sink(line, record);
}

export function createLogger(scope: string): Logger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) =>
    publish(level, scope, message, fields);
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
