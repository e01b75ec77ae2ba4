// The session's own logic (phases, demo simulators, profile switch, credentials over the
// contract) with an in-memory keychain; the vault itself is tested against the real one.
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CrossbookCore } from '../../electron/base/crossbook-core';
import { TradingSession } from '../../electron/app/session';
import { registerSessionServices } from '../../electron/app/session-services';
import { KeychainUnavailableError, type Keychain } from '../../electron/vault/keychain';

function memoryKeychain(): Keychain {
  const items = new Map<string, string>();
  return {
    get: async (s, a) => items.get(`${s}\n${a}`) ?? null,
    set: async (s, a, v) => void items.set(`${s}\n${a}`, v),
    delete: async (s, a) => items.delete(`${s}\n${a}`),
    list: async (s) => [...items.keys()].filter((k) => k.startsWith(`${s}\n`)).map((k) => k.split('\n')[1]!),
  };
}

const caller = { host: 'web' as const, client: 'test' };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(openKeychain: () => Promise<Keychain>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'crossbook-session-'));
  const session = new TradingSession({ dataDir, openKeychain, simulators: { rate: 0 } });
  const core = new CrossbookCore();
  registerSessionServices(core, session);
  cleanups.push(
    () => rmSync(dataDir, { recursive: true, force: true }),
    () => session.close(),
  );
  return { session, core };
}

describe('TradingSession', () => {
  it('unlocks into the demo profile with simulators that accept the stored demo credentials', async () => {
    const keychain = memoryKeychain();
    const { session, core } = setup(async () => keychain);
    const state = await session.unlock();
    expect(state).toMatchObject({ phase: 'ready', profile: 'demo', realMoney: false });
    expect(state.credentials?.paxos.set).toBe(true);
    const sim = session.simulatorDescriptor()!;
    expect(sim.paxos.ws).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    // The simulators were started with the keychain's demo credentials, not random ones.
    const stored = JSON.parse((await keychain.get('Crossbook', 'demo/paxos'))!) as {
      credentials: { clientId: string };
    };
    expect(sim.paxos.clientId).toBe(stored.credentials.clientId);
    const test = await core.invoke('credentials.test', { profile: 'demo', venue: 'alor' }, caller);
    expect(test).toMatchObject({ ok: true, result: { ok: true } });
    expect((await session.refreshCredentials())?.alor.lastVerifiedAt).toBeDefined();
  });

  it('reports a missing keychain in plain words and starts nothing', async () => {
    const { session } = setup(async () => {
      throw new KeychainUnavailableError('no-service', 'no Secret Service is running', 'start gnome-keyring');
    });
    const state = await session.unlock();
    expect(state).toMatchObject({
      phase: 'keychain-unavailable',
      keychain: { problem: 'no-service', reason: 'no Secret Service is running', fix: 'start gnome-keyring' },
    });
    expect(session.simulatorDescriptor()).toBeUndefined();
  });

  it('refuses credentials before the keychain is open, and bad credentials with the field named', async () => {
    let open = false;
    const keychain = memoryKeychain();
    const { session, core } = setup(async () => {
      if (!open) throw new KeychainUnavailableError('locked', 'the keychain is locked', 'unlock it');
      return keychain;
    });
    await session.unlock();
    const early = await core.invoke(
      'credentials.set',
      { profile: 'test', venue: 'paxos', credentials: { clientId: 'a', clientSecret: 'b' } },
      caller,
    );
    expect(early).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    open = true;
    expect((await session.unlock()).phase).toBe('ready');
    const bad = await core.invoke(
      'credentials.set',
      { profile: 'test', venue: 'paxos', credentials: { clientId: 'id-1', clientSecret: '' } },
      caller,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((bad as { error: { message: string } }).error.message).toContain('clientSecret');
    const good = await core.invoke(
      'credentials.set',
      {
        profile: 'test',
        venue: 'paxos',
        credentials: { clientId: 'id-1', clientSecret: 'a-very-long-secret-1234' },
      },
      caller,
    );
    expect(good).toEqual({ ok: true, result: { venue: 'paxos', status: { set: true, last4: '1234' } } });
    expect(JSON.stringify(good)).not.toContain('a-very-long-secret');
  });

  it('switches profile, remembers it, and keeps demo simulators out of remote profiles', async () => {
    const keychain = memoryKeychain();
    const { session } = setup(async () => keychain);
    await session.unlock();
    const state = await session.switchProfile('production');
    expect(state).toMatchObject({ phase: 'ready', profile: 'production', realMoney: true });
    expect(session.ready()?.profile.endpoints.paxos?.ws).toBe('wss://ws.paxos.com/');
  });

  it('stops one demo simulator on request (the venue refuses connections), and refuses outside demo', async () => {
    const keychain = memoryKeychain();
    const { session, core } = setup(async () => keychain);
    await session.unlock();
    const finery = new URL(session.simulatorDescriptor()!.finery.ws);
    expect(await core.invoke('demo.stopSimulator', { venue: 'finery' }, caller)).toEqual({
      ok: true,
      result: { stopped: 'finery' },
    });
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(finery.port), finery.hostname);
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    await session.switchProfile('production');
    expect(await core.invoke('demo.stopSimulator', { venue: 'paxos' }, caller)).toMatchObject({
      ok: false,
      error: { code: 'REJECTED' },
    });
  });
});
