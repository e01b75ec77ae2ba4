import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addLogSink, muteStderr } from '../../electron/base/log';
import { CredentialError, MAX_FIELD_LENGTH } from '../../electron/vault/credentials';
import type { Keychain } from '../../electron/vault/keychain';
import { Vault, VaultError, VenueCredentialStatusSchema, accountName } from '../../electron/vault/vault';
import { lastJson, openRealKeychain, runFixture, uniqueService, wipeService } from './helpers';

// Distinctive values so a leak is found by substring search, never by coincidence.
const secret = (tag: string) => `S3cr3t-${tag}-${randomUUID()}`;

function paxos() {
  return { clientId: `cid-${randomUUID()}`, clientSecret: secret('pax') };
}
function finery() {
  return { key: `key-${randomUUID()}`, secret: secret('fin') };
}
function alor() {
  return { refreshToken: secret('alor'), portfolio: 'D39004' };
}

/** Every 8-character window of the value: last4 is allowed, anything longer is a leak. */
function windows(value: string, size = 8): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= value.length; i++) out.push(value.slice(i, i + size));
  return out;
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  const result = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(result instanceof Error)) throw new Error('expected a rejection');
  return result;
}

describe('Vault over the real keychain', () => {
  const service = uniqueService();
  let keychain: Keychain;
  let vault: Vault;
  const logLines: string[] = [];
  const removeSink = addLogSink((line) => logLines.push(line));
  muteStderr();

  beforeAll(async () => {
    keychain = await openRealKeychain();
    vault = new Vault(keychain, { service });
  });
  afterEach(async () => {
    await wipeService(keychain, service);
  });
  afterAll(() => {
    removeSink();
  });

  it('stores one JSON document per profile/venue account and reads it back', async () => {
    const creds = paxos();
    await vault.set('test', 'paxos', creds);
    expect(await vault.get('test', 'paxos')).toEqual(creds);
    expect(await vault.get('production', 'paxos')).toBeNull();
    expect(await keychain.list(service)).toEqual(['test/paxos']);
    const raw = JSON.parse((await keychain.get(service, accountName('test', 'paxos'))) ?? 'null');
    expect(raw).toMatchObject({ v: 1, venue: 'paxos', credentials: creds });
  });

  it('replaces, lists and deletes', async () => {
    await vault.set('test', 'finery', finery());
    const second = finery();
    await vault.set('test', 'finery', second);
    await vault.set('production', 'alor', alor());
    expect(await vault.get('test', 'finery')).toEqual(second);
    expect(await vault.list()).toEqual([
      { profile: 'production', venue: 'alor' },
      { profile: 'test', venue: 'finery' },
    ]);
    expect(await vault.delete('test', 'finery')).toBe(true);
    expect(await vault.delete('test', 'finery')).toBe(false);
    expect(await vault.get('test', 'finery')).toBeNull();
    expect(await vault.list()).toEqual([{ profile: 'production', venue: 'alor' }]);
  });

  it('trims pasted whitespace around values', async () => {
    const creds = alor();
    await vault.set('test', 'alor', {
      refreshToken: `  ${creds.refreshToken}\n`,
      portfolio: creds.portfolio,
    });
    expect(await vault.get('test', 'alor')).toEqual(creds);
  });

  it('is readable from a second process', async () => {
    const creds = finery();
    await vault.set('production', 'finery', creds);
    const result = await runFixture('read-credentials.ts', [service, 'production', 'finery']);
    expect(result.code, result.stderr).toBe(0);
    const out = lastJson<{ credentials: unknown; status: Record<string, unknown> }>(result);
    expect(out.credentials).toEqual(creds);
    expect(out.status.finery).toEqual({ set: true, last4: creds.secret.slice(-4) });
  });

  describe('status()', () => {
    it('reports set/last4/lastVerifiedAt and never a secret', async () => {
      const p = paxos();
      const f = finery();
      const a = alor();
      await vault.set('test', 'paxos', p);
      await vault.set('test', 'finery', f);
      await vault.set('test', 'alor', a);
      await vault.markVerified('test', 'finery', '2026-01-02T03:04:05.000Z');
      const status = await vault.status('test');
      expect(status).toEqual({
        paxos: { set: true, last4: p.clientSecret.slice(-4) },
        finery: { set: true, last4: f.secret.slice(-4), lastVerifiedAt: '2026-01-02T03:04:05.000Z' },
        alor: { set: true, last4: a.refreshToken.slice(-4) },
      });
      for (const s of Object.values(status)) VenueCredentialStatusSchema.parse(s);
      const json = JSON.stringify(status);
      for (const value of [p.clientId, p.clientSecret, f.key, f.secret, a.refreshToken]) {
        expect(json).not.toContain(value);
        for (const w of windows(value)) expect(json).not.toContain(w);
      }
    });

    it('reports nothing set for an empty profile', async () => {
      expect(await vault.status('production')).toEqual({
        paxos: { set: false },
        finery: { set: false },
        alor: { set: false },
      });
    });

    it('omits last4 for a short secret', async () => {
      await vault.set('test', 'paxos', { clientId: 'client-1', clientSecret: 'short-sec' });
      expect(await vault.status('test')).toMatchObject({ paxos: { set: true } });
      expect((await vault.status('test')).paxos.last4).toBeUndefined();
    });

    it('treats an unreadable stored entry as not set and get() explains it without its content', async () => {
      const garbage = `not-json-${secret('garbage')}`;
      await keychain.set(service, 'test/alor', garbage);
      expect((await vault.status('test')).alor).toEqual({ set: false });
      const err = await rejection(vault.get('test', 'alor'));
      expect(err).toBeInstanceOf(VaultError);
      expect(err.message).toMatch(/test\/alor .*not valid JSON/);
      expect(err.message).not.toContain(garbage.slice(9));
      await keychain.set(
        service,
        'test/alor',
        JSON.stringify({ v: 1, venue: 'paxos', credentials: paxos() }),
      );
      expect((await rejection(vault.get('test', 'alor'))).message).toMatch(/unreadable/);
    });
  });

  describe('markVerified()', () => {
    it('is cleared when the credentials are replaced', async () => {
      await vault.set('test', 'paxos', paxos());
      expect(await vault.markVerified('test', 'paxos', new Date('2026-03-01T00:00:00Z'))).toBe(true);
      expect((await vault.status('test')).paxos.lastVerifiedAt).toBe('2026-03-01T00:00:00.000Z');
      await vault.set('test', 'paxos', paxos());
      expect((await vault.status('test')).paxos.lastVerifiedAt).toBeUndefined();
    });

    it('does not mark credentials that replaced the verified ones meanwhile', async () => {
      const verified = paxos();
      await vault.set('test', 'paxos', verified);
      await vault.set('test', 'paxos', paxos());
      expect(await vault.markVerified('test', 'paxos', new Date(), verified)).toBe(false);
      expect((await vault.status('test')).paxos.lastVerifiedAt).toBeUndefined();
    });

    it('refuses when nothing is stored or the time is invalid', async () => {
      expect(await rejection(vault.markVerified('test', 'alor', new Date()))).toBeInstanceOf(VaultError);
      await vault.set('test', 'alor', alor());
      expect((await rejection(vault.markVerified('test', 'alor', 'yesterday'))).message).toMatch(
        /valid time/,
      );
    });
  });

  describe('bad input', () => {
    const long = 'x'.repeat(MAX_FIELD_LENGTH + 1);
    const cases: Array<[string, unknown, unknown, RegExp]> = [
      ['empty secret', 'paxos', { clientId: 'cid-12345', clientSecret: '' }, /paxos\.clientSecret is empty/],
      ['blank secret', 'finery', { key: 'key-12345', secret: '   \n' }, /finery\.secret is empty/],
      [
        'oversized secret',
        'alor',
        { refreshToken: long, portfolio: 'D39004' },
        /alor\.refreshToken is longer than 4096/,
      ],
      [
        'inner whitespace',
        'paxos',
        { clientId: 'cid 12345', clientSecret: secret('x') },
        /paxos\.clientId contains spaces/,
      ],
      [
        'malformed portfolio',
        'alor',
        { refreshToken: secret('a'), portfolio: 'D39 004;' },
        /alor\.portfolio/,
      ],
      ['missing field', 'finery', { key: 'key-12345' }, /finery\.secret is missing/],
      [
        'wrong type',
        'paxos',
        { clientId: 'cid-12345', clientSecret: 123456789 },
        /paxos\.clientSecret must be a string/,
      ],
      ['not an object', 'paxos', 'cid:secret', /paxos must be an object/],
      ['null', 'alor', null, /alor must be an object/],
      [
        'extra field',
        'finery',
        { key: 'key-12345', secret: secret('f'), passphrase: 'x' },
        /unexpected field\(s\): passphrase/,
      ],
      ['fields of another venue', 'paxos', { key: 'key-12345', secret: secret('f') }, /paxos\./],
      [
        'wrong venue',
        'binance',
        { key: 'key-12345', secret: secret('b') },
        /venue must be one of paxos, finery, alor/,
      ],
    ];

    it.each(cases)(
      'rejects %s with a clear message and writes nothing',
      async (_name, venue, creds, message) => {
        logLines.length = 0;
        const err = await rejection(vault.set('test', venue, creds));
        expect(err).toBeInstanceOf(CredentialError);
        expect(err.message).toMatch(message);
        const values = creds && typeof creds === 'object' ? Object.values(creds) : [creds];
        for (const v of values)
          if (typeof v === 'string' && v.trim().length >= 6) expect(err.message).not.toContain(v.trim());
        expect(await keychain.list(service)).toEqual([]);
        for (const line of logLines)
          for (const v of values) if (typeof v === 'string' && v.length >= 6) expect(line).not.toContain(v);
      },
    );

    it('rejects an unknown profile', async () => {
      const err = await rejection(vault.set('staging', 'paxos', paxos()));
      expect(err).toBeInstanceOf(CredentialError);
      expect(err.message).toMatch(/profile must be one of demo, test, production/);
    });

    it('keeps the previous value when a replacement is invalid', async () => {
      const good = finery();
      await vault.set('test', 'finery', good);
      await vault.markVerified('test', 'finery', '2026-02-02T00:00:00Z');
      const bad = { key: good.key, secret: `${secret('bad')} with spaces` };
      const err = await rejection(vault.set('test', 'finery', bad));
      expect(err.message).not.toContain(bad.secret);
      expect(await vault.get('test', 'finery')).toEqual(good);
      expect((await vault.status('test')).finery.lastVerifiedAt).toBe('2026-02-02T00:00:00.000Z');
    });
  });

  it('never logs a secret it handled', async () => {
    logLines.length = 0;
    const creds = paxos();
    await vault.set('test', 'paxos', creds);
    await vault.get('test', 'paxos');
    await vault.status('test');
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain(creds.clientSecret);
      expect(line).not.toContain(creds.clientId);
    }
  });
});
