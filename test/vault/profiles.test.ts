import { describe, expect, it } from 'vitest';
import { ProfileError, buildProfiles, getProfile } from '../../electron/vault/profiles';

const sims = {
  paxos: {
    ws: 'ws://127.0.0.1:40001/',
    oauthToken: 'http://127.0.0.1:40002/oauth2/token',
    rest: 'http://127.0.0.1:40002/v2',
  },
  finery: { ws: 'ws://127.0.0.1:40003/ws', rest: 'http://127.0.0.1:40003/api' },
  alor: {
    ws: 'ws://localhost:40004/ws',
    cws: 'ws://localhost:40004/cws',
    http: 'http://localhost:40004',
    refresh: 'http://localhost:40005/refresh',
  },
};

describe('profiles', () => {
  it('builds demo from the simulators and test/production from the references', () => {
    const p = buildProfiles(sims);
    expect(p.demo.endpoints).toEqual(sims);
    expect(p.demo.realMoney).toBe(false);
    expect(p.test.realMoney).toBe(false);
    expect(p.production.realMoney).toBe(true);
    expect(p.test.endpoints.paxos.ws).toBe('wss://ws.sandbox.paxos.com/');
    expect(p.test.endpoints.paxos.oauthToken).toBe('https://oauth.sandbox.paxos.com/oauth2/token');
    expect(p.production.endpoints.paxos.rest).toBe('https://api.paxos.com/v2');
    expect(p.test.endpoints.finery.ws).toBe('wss://test.finerymarkets.com/ws');
    expect(p.production.endpoints.finery.ws).toBe('wss://trade.finerymarkets.com/ws');
    expect(p.test.endpoints.alor).toEqual({
      ws: 'wss://apidev.alor.ru/ws',
      cws: 'wss://apidev.alor.ru/cws',
      http: 'https://apidev.alor.ru',
      refresh: 'https://oauthdev.alor.ru/refresh',
    });
    expect(p.production.endpoints.alor.refresh).toBe('https://oauth.alor.ru/refresh');
  });

  it('never lets a non-production profile point at a production host', () => {
    const p = buildProfiles(sims);
    const prodHosts = new Set(
      Object.values(p.production.endpoints).flatMap((v) => Object.values(v).map((u) => new URL(u).host)),
    );
    for (const id of ['demo', 'test'] as const) {
      for (const urls of Object.values(p[id].endpoints)) {
        for (const u of Object.values(urls)) expect(prodHosts.has(new URL(u).host)).toBe(false);
      }
    }
  });

  it('gives test and production without simulator endpoints', () => {
    expect(getProfile('production').id).toBe('production');
    expect(() => getProfile('demo')).toThrow(/simulator endpoints/);
  });

  it.each([
    [
      'a remote host',
      { ...sims, finery: { ...sims.finery, ws: 'ws://example.com/ws' } },
      /finery\.ws: must point at this machine/,
    ],
    [
      'a wrong scheme',
      { ...sims, alor: { ...sims.alor, cws: 'http://127.0.0.1:1/cws' } },
      /alor\.cws: must use ws or wss/,
    ],
    [
      'a non-URL',
      { ...sims, paxos: { ...sims.paxos, rest: 'not a url' } },
      /paxos\.rest: is not a valid URL/,
    ],
    ['a missing venue', { paxos: sims.paxos, finery: sims.finery }, /alor/],
    [
      'embedded credentials',
      { ...sims, paxos: { ...sims.paxos, rest: 'http://u:p@127.0.0.1:1/v2' } },
      /must not embed credentials/,
    ],
  ])('rejects demo endpoints with %s', (_name, endpoints, message) => {
    expect(() => buildProfiles(endpoints)).toThrow(ProfileError);
    expect(() => buildProfiles(endpoints)).toThrow(message);
  });
});
