// Non-secret settings in <dataDir>/settings.json. Secrets never go here (they live in the
// keychain, see vault.ts). A file we cannot understand is moved aside, not overwritten: it may be
// hand-edited or from a newer Crossbook, and the user should be able to get it back.
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createLogger } from '../base/log';
import { VENUE_MODULES } from '../venues/registry';
import { ProfileName, VENUES, type VenueId } from './profiles';

export const SETTINGS_FILE = 'settings.json';

const venueSettings = Object.fromEntries(VENUES.map((v) => [v, VENUE_MODULES[v].settings])) as {
  [V in VenueId]: (typeof VENUE_MODULES)[V]['settings'];
};
const VenuesSettingsSchema = z.strictObject(venueSettings);

// Defaults are factories: zod v4 returns a literal default object by reference, so one caller
// mutating its settings would otherwise change the defaults for everyone.
/**
 * Market recording per profile (electron/replay/recording/): on where no money is at stake, off in
 * production until the trader turns it on there.
 */
export const RecordingSettingsSchema = z.strictObject({
  demo: z.boolean().default(true),
  test: z.boolean().default(true),
  production: z.boolean().default(false),
});

export const SettingsSchema = z.strictObject({
  version: z.literal(1).default(1),
  activeProfile: ProfileName.default('demo'),
  venues: VenuesSettingsSchema.default(() => VenuesSettingsSchema.parse({})),
  recording: RecordingSettingsSchema.default(() => RecordingSettingsSchema.parse({})),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return structuredClone(SettingsSchema.parse({}));
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Settings file ${file}: ${problem}`, options);
  }
}

export interface LoadedSettings {
  settings: Settings;
  /** Set when the file was unusable: what was wrong and where the old file was kept. */
  recovered?: { error: SettingsError; keptAs: string };
}

const log = createLogger('settings');

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`)
    .join('; ');
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

/** Reads and validates; an unusable file is renamed to settings.json.corrupt-<time> and defaults are used. */
export async function loadSettings(
  dataDir: string,
  now: () => Date = () => new Date(),
): Promise<LoadedSettings> {
  const file = join(dataDir, SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { settings: defaultSettings() };
    // Unreadable is not corrupt (permissions, a directory in the way): moving it would not help.
    throw new SettingsError(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: err,
    });
  }
  let problem: string;
  try {
    const parsed = SettingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { settings: parsed.data };
    problem = `has invalid content (${describe(parsed.error)})`;
  } catch {
    problem = 'is not valid JSON';
  }
  const keptAs = `${file}.corrupt-${stamp(now())}`;
  try {
    await rename(file, keptAs);
  } catch (err) {
    // Could not keep a copy: stop rather than let the next save destroy the only one.
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new SettingsError(file, `${problem}, and it could not be moved aside (${code})`, { cause: err });
  }
  const error = new SettingsError(file, `${problem}; it was kept as ${keptAs} and defaults are used`);
  log.warn(error.message, { file, keptAs });
  return { settings: defaultSettings(), recovered: { error, keptAs } };
}

/** Temp file + fsync + rename: a crash mid-write leaves the old file or the new one, never half. */
export async function saveSettings(dataDir: string, settings: Settings): Promise<void> {
  const file = join(dataDir, SETTINGS_FILE);
  const checked = SettingsSchema.safeParse(settings);
  if (!checked.success)
    throw new SettingsError(file, `refusing to save invalid settings (${describe(checked.error)})`);
  await mkdir(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(checked.data, null, 2) + '\n', 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new SettingsError(
      file,
      `could not be replaced (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      { cause: err },
    );
  }
}

/** Holds the current settings and serialises writes so two quick updates cannot reorder on disk. */
export class SettingsStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dataDir: string,
    private current: Settings,
  ) {}

  static async open(
    dataDir: string,
  ): Promise<{ store: SettingsStore; recovered?: LoadedSettings['recovered'] }> {
    const loaded = await loadSettings(dataDir);
    return { store: new SettingsStore(dataDir, loaded.settings), recovered: loaded.recovered };
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Applies `change` to a copy, validates, saves; on any failure the current settings stay as they were. */
  async update(change: (draft: Settings) => void): Promise<Settings> {
    const run = async (): Promise<Settings> => {
      const draft = structuredClone(this.current);
      change(draft);
      const parsed = SettingsSchema.safeParse(draft);
      if (!parsed.success) {
        throw new SettingsError(
          join(this.dataDir, SETTINGS_FILE),
          `change rejected (${describe(parsed.error)})`,
        );
      }
      await saveSettings(this.dataDir, parsed.data);
      this.current = parsed.data;
      return structuredClone(parsed.data);
    };
    const result = this.writing.then(run, run);
    this.writing = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
