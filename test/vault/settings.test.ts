import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addLogSink, muteStderr } from '../../electron/base/log';
import {
  SETTINGS_FILE,
  SettingsError,
  SettingsStore,
  defaultSettings,
  loadSettings,
  saveSettings,
} from '../../electron/vault/settings';

muteStderr();

describe('settings file', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crossbook-settings-'));
    file = join(dir, SETTINGS_FILE);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts from defaults when there is no file, without creating one', async () => {
    const loaded = await loadSettings(dir);
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.settings.activeProfile).toBe('demo');
    expect(loaded.recovered).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('saves atomically and loads back what was saved', async () => {
    const s = defaultSettings();
    s.activeProfile = 'test';
    s.venues.paxos.profileId = 'prof-1';
    s.venues.alor.exchange = 'SPBX';
    s.venues.finery.enabled = false;
    const nested = join(dir, 'nested', 'data');
    await saveSettings(nested, s);
    expect((await loadSettings(nested)).settings).toEqual(s);
    // No temp files left behind.
    expect(await readdir(nested)).toEqual([SETTINGS_FILE]);
  });

  it('fills in defaults for fields an older file does not have', async () => {
    await writeFile(file, JSON.stringify({ activeProfile: 'production' }));
    const { settings } = await loadSettings(dir);
    expect(settings.activeProfile).toBe('production');
    expect(settings.venues.alor.exchange).toBe('MOEX');
  });

  it.each([
    ['invalid JSON', '{"activeProfile": "demo",', /is not valid JSON/],
    ['a wrong value', JSON.stringify({ activeProfile: 'staging' }), /activeProfile/],
    ['an unknown field', JSON.stringify({ activeProfile: 'demo', apiSecret: 'x' }), /has invalid content/],
    ['a wrong type', JSON.stringify({ venues: { paxos: { enabled: 'yes' } } }), /venues\.paxos\.enabled/],
  ])('keeps a file with %s as .corrupt-<time>, warns, and uses defaults', async (_name, content, problem) => {
    const warnings: string[] = [];
    const remove = addLogSink((line, record) => record.level === 'warn' && warnings.push(line));
    await writeFile(file, content);
    const loaded = await loadSettings(dir, () => new Date('2026-05-06T07:08:09.010Z'));
    remove();
    expect(loaded.settings).toEqual(defaultSettings());
    const keptAs = `${file}.corrupt-2026-05-06T07-08-09-010Z`;
    expect(loaded.recovered?.keptAs).toBe(keptAs);
    expect(loaded.recovered?.error).toBeInstanceOf(SettingsError);
    expect(loaded.recovered?.error.message).toContain(file);
    expect(loaded.recovered?.error.message).toMatch(problem);
    expect(await readFile(keptAs, 'utf8')).toBe(content);
    expect(await readdir(dir)).toEqual([`${SETTINGS_FILE}.corrupt-2026-05-06T07-08-09-010Z`]);
    expect(warnings.join('\n')).toContain(keptAs);
  });

  it('refuses to read a file it cannot open, without moving anything', async () => {
    await mkdir(file); // a directory where the file should be
    const err = await loadSettings(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsError);
    expect((err as Error).message).toContain(file);
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
  });

  it('refuses to save invalid settings and leaves the file alone', async () => {
    await saveSettings(dir, defaultSettings());
    const before = await readFile(file, 'utf8');
    const bad = { ...defaultSettings(), activeProfile: 'staging' } as unknown as ReturnType<
      typeof defaultSettings
    >;
    await expect(saveSettings(dir, bad)).rejects.toThrow(/activeProfile/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  describe('SettingsStore', () => {
    it('applies valid updates in order and persists them', async () => {
      const { store } = await SettingsStore.open(dir);
      await Promise.all([
        store.update((d) => void (d.activeProfile = 'test')),
        store.update((d) => void (d.venues.alor.exchange = 'SPBX')),
      ]);
      expect(store.get().activeProfile).toBe('test');
      const reopened = (await SettingsStore.open(dir)).store.get();
      expect(reopened.activeProfile).toBe('test');
      expect(reopened.venues.alor.exchange).toBe('SPBX');
    });

    it('rejects an invalid update and keeps the current settings in memory and on disk', async () => {
      const { store } = await SettingsStore.open(dir);
      await store.update((d) => void (d.activeProfile = 'production'));
      const onDisk = await readFile(file, 'utf8');
      await expect(
        store.update((d) => void ((d as { activeProfile: string }).activeProfile = 'nope')),
      ).rejects.toThrow(SettingsError);
      expect(store.get().activeProfile).toBe('production');
      expect(await readFile(file, 'utf8')).toBe(onDisk);
    });

    it('hands out copies, so callers cannot change settings behind its back', async () => {
      const { store } = await SettingsStore.open(dir);
      store.get().activeProfile = 'production';
      expect(store.get().activeProfile).toBe('demo');
    });

    it('reports a recovered corrupt file', async () => {
      await writeFile(file, 'garbage');
      const { store, recovered } = await SettingsStore.open(dir);
      expect(recovered?.error.message).toMatch(/not valid JSON/);
      expect(store.get()).toEqual(defaultSettings());
    });
  });
});
