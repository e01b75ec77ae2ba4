import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { muteStderr } from '../../electron/base/log';
import { ensureDemoCredentials, randomDemoCredentials } from '../../electron/vault/demo';
import type { Keychain } from '../../electron/vault/keychain';
import { VENUES, type VenueId } from '../../electron/vault/profiles';
import { Vault } from '../../electron/vault/vault';
import { openRealKeychain, uniqueService, wipeService } from './helpers';

muteStderr();

describe('ensureDemoCredentials (real keychain)', () => {
  const service = uniqueService();
  let keychain: Keychain;
  let vault: Vault;

  beforeAll(async () => {
    keychain = await openRealKeychain();
    vault = new Vault(keychain, { service });
  });
  afterEach(async () => {
    await wipeService(keychain, service);
  });
  afterAll(async () => {
    await wipeService(keychain, service);
  });

  it('generates valid random credentials once and reuses them afterwards', async () => {
    const generated: VenueId[] = [];
    const counting: typeof randomDemoCredentials = (venue) => {
      generated.push(venue);
      return randomDemoCredentials(venue);
    };
    const first = await ensureDemoCredentials(vault, counting);
    expect(generated).toEqual([...VENUES]);
    for (const venue of VENUES) expect(await vault.get('demo', venue)).toEqual(first[venue]);
    expect(first.paxos.clientSecret.length).toBeGreaterThanOrEqual(32);

    const second = await ensureDemoCredentials(vault, counting);
    expect(second).toEqual(first);
    expect(generated).toHaveLength(3);
    // A fresh Vault (a later start) sees the same ones.
    expect(await ensureDemoCredentials(new Vault(keychain, { service }), counting)).toEqual(first);
    expect(generated).toHaveLength(3);
  });

  it('keeps existing entries and generates only missing ones', async () => {
    const first = await ensureDemoCredentials(vault);
    await vault.delete('demo', 'finery');
    const again = await ensureDemoCredentials(vault);
    expect(again.paxos).toEqual(first.paxos);
    expect(again.alor).toEqual(first.alor);
    expect(again.finery).not.toEqual(first.finery);
  });

  it('replaces an unreadable demo entry instead of blocking start-up', async () => {
    await keychain.set(service, 'demo/alor', '{broken');
    const creds = await ensureDemoCredentials(vault);
    expect(await vault.get('demo', 'alor')).toEqual(creds.alor);
  });

  it('produces different credentials each time it generates', () => {
    expect(randomDemoCredentials('finery')).not.toEqual(randomDemoCredentials('finery'));
    expect(randomDemoCredentials('alor').portfolio).toMatch(/^D\d{5}$/);
  });
});
