import { createServer, type Server, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KeychainUnavailableError,
  classifyKeychainError,
  openKeytarKeychain,
  type Keychain,
  type KeytarModule,
} from '../../electron/vault/keychain';
import { lastJson, openRealKeychain, runFixture, uniqueService, wipeService } from './helpers';

interface OpenOutcome {
  ok: boolean;
  typed?: boolean;
  problem?: string;
  reason?: string;
  fix?: string;
  message?: string;
}

describe('keytar keychain (real Secret Service)', () => {
  const service = uniqueService();
  let keychain: Keychain;

  beforeAll(async () => {
    keychain = await openRealKeychain();
  });
  afterAll(async () => {
    await wipeService(keychain, service);
  });

  it('stores, reads, replaces, lists and deletes', async () => {
    expect(await keychain.get(service, 'a/one')).toBeNull();
    await keychain.set(service, 'a/one', 'first-value');
    await keychain.set(service, 'a/two', 'second-value');
    expect(await keychain.get(service, 'a/one')).toBe('first-value');
    await keychain.set(service, 'a/one', 'replaced-value');
    expect(await keychain.get(service, 'a/one')).toBe('replaced-value');
    expect((await keychain.list(service)).sort()).toEqual(['a/one', 'a/two']);
    expect(await keychain.delete(service, 'a/one')).toBe(true);
    expect(await keychain.delete(service, 'a/one')).toBe(false);
    expect(await keychain.get(service, 'a/one')).toBeNull();
    expect(await keychain.list(service)).toEqual(['a/two']);
  });

  it('leaves no probe item behind after opening', async () => {
    const probeService = uniqueService();
    await openKeytarKeychain({ probeService });
    expect(await keychain.list(probeService)).toEqual([]);
  });
});

describe('keychain unavailable (child processes)', () => {
  let dir: string;
  let silent: Server;
  let silentPath: string;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crossbook-bus-'));
    // A "bus" that accepts connections and never answers: the case that would hang forever.
    silentPath = join(dir, 'silent.sock');
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(silentPath, resolve));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it('works in a child with the parent bus (control for the cases below)', async () => {
    const out = lastJson<OpenOutcome>(await runFixture('open-keychain.ts', []));
    expect(out).toEqual({ ok: true });
  });

  it('names the missing bus socket and how to fix it', async () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such.sock')}` };
    const result = await runFixture('open-keychain.ts', [], env);
    const out = lastJson<OpenOutcome>(result);
    expect(result.code).toBe(1);
    expect(out.typed).toBe(true);
    expect(out.problem).toBe('no-bus');
    expect(out.reason).toMatch(/D-Bus session bus/);
    expect(out.fix).toMatch(/desktop session|dbus-run-session/);
  });

  it('explains an unset DBUS_SESSION_BUS_ADDRESS', async () => {
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    const out = lastJson<OpenOutcome>(await runFixture('open-keychain.ts', [], env));
    expect(out.typed).toBe(true);
    expect(out.problem).toBe('no-bus');
    expect(out.reason).toMatch(/DBUS_SESSION_BUS_ADDRESS is not set/);
  });

  it('says the keychain is locked when the Secret Service has no unlocked login keyring', async () => {
    // A private bus with gnome-keyring started but never unlocked; no display, so no prompt.
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: dir };
    // Otherwise gnome-keyring-daemon --start attaches to the outer (unlocked) test daemon.
    delete env.GNOME_KEYRING_CONTROL;
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const script = 'eval "$(gnome-keyring-daemon --start --components=secrets)" >/dev/null; exec "$@"';
    const wrapper = ['dbus-run-session', '--', 'bash', '-c', script, 'locked-keyring'];
    const out = lastJson<OpenOutcome>(await runFixture('open-keychain.ts', ['10000'], env, true, wrapper));
    expect(out.typed).toBe(true);
    expect(out.problem).toBe('locked');
    expect(out.message).toMatch(/keychain is locked/);
    expect(out.fix).toMatch(/Unlock the login keyring/);
  });

  it('gives up on a bus that never answers instead of hanging', async () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${silentPath}` };
    const out = lastJson<OpenOutcome>(await runFixture('open-keychain.ts', ['1500'], env, true));
    expect(out.typed).toBe(true);
    expect(out.problem).toBe('timeout');
    expect(out.message).toMatch(/did not answer within 1\.5 s/);
  });
});

describe('keychain errors without a native module', () => {
  const never = new Promise<never>(() => undefined);
  const hanging: KeytarModule = {
    getPassword: () => never,
    setPassword: () => never,
    deletePassword: () => never,
    findCredentials: () => never,
  };

  it('reports a missing keytar module as a typed error with a fix', async () => {
    const load = () =>
      Promise.reject(
        Object.assign(new Error("Cannot find module 'keytar'"), { code: 'ERR_MODULE_NOT_FOUND' }),
      );
    const err = await openKeytarKeychain({ load }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    expect((err as KeychainUnavailableError).problem).toBe('module');
    expect((err as KeychainUnavailableError).fix).toMatch(/npm ci/);
  });

  it('reports a module built for another platform', async () => {
    const load = () => Promise.reject(new Error('keytar.node: invalid ELF header'));
    const err = (await openKeytarKeychain({ load }).catch((e: unknown) => e)) as KeychainUnavailableError;
    expect(err.problem).toBe('module');
    expect(err.message).toMatch(/another platform/);
    expect(err.fix).toMatch(/npm ci/);
    expect(err.fix).not.toMatch(/rebuild/i);
  });

  it('bounds a probe that never completes', async () => {
    const err = (await openKeytarKeychain({ load: async () => hanging, probeTimeoutMs: 50 }).catch(
      (e: unknown) => e,
    )) as KeychainUnavailableError;
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    expect(err.problem).toBe('timeout');
  });

  it('classifies the Secret Service errors libsecret actually produces', () => {
    expect(
      classifyKeychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'), 'use').problem,
    ).toBe('no-bus');
    expect(
      classifyKeychainError(new Error('Could not connect: No such file or directory'), 'use').problem,
    ).toBe('no-bus');
    const noService = classifyKeychainError(
      new Error('The name org.freedesktop.secrets was not provided by any .service files'),
      'use',
    );
    expect(noService.problem).toBe('no-service');
    expect(noService.message).toMatch(
      /No Secret Service on D-Bus \(is gnome-keyring .* running and unlocked\?\)|No Secret Service on D-Bus/,
    );
    const locked = classifyKeychainError(
      new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”'),
      'use',
    );
    expect(locked.problem).toBe('locked');
    expect(locked.reason).toMatch(/keychain is locked/);
  });
});
