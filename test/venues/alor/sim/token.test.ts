import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alorRefreshResponseSchema } from '../../../../electron/venues/alor/wire/alor-wire';
import { startSim } from './client';

type Sim = Awaited<ReturnType<typeof startSim>>['sim'];
let sim: Sim;

beforeEach(async () => {
  ({ sim } = await startSim({ refreshToken: 'refresh-token-under-test', portfolio: 'D39004' }));
});
afterEach(async () => {
  await sim.close();
});

const decode = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('POST /refresh', () => {
  it('mints an HS256 JWT with exp 30 minutes after iat and the portfolios claim (query token)', async () => {
    const res = await fetch(`${sim.descriptor.oauth}/refresh?token=refresh-token-under-test`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    const body = alorRefreshResponseSchema.parse(await res.json());
    const parts = body.AccessToken.split('.');
    expect(parts).toHaveLength(3);
    expect(decode(parts[0]!)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    const claims = decode(parts[1]!);
    expect(claims.portfolios).toBe('D39004');
    expect(claims.ent).toBe('client');
    expect((claims.exp as number) - (claims.iat as number)).toBe(1800);
    expect(typeof claims.sub).toBe('string');
  });

  it('accepts the token in a JSON body as `token`, and as the SDK sends it (`?token=` + `Token`)', async () => {
    for (const [url, body] of [
      ['/refresh', { token: 'refresh-token-under-test' }],
      ['/refresh?token=', { Token: 'refresh-token-under-test' }],
    ] as const) {
      const res = await fetch(`${sim.descriptor.oauth}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      expect(alorRefreshResponseSchema.safeParse(await res.json()).success).toBe(true);
    }
  });

  it('lets the body win over the query when both carry a token', async () => {
    const res = await fetch(`${sim.descriptor.oauth}/refresh?token=refresh-token-under-test`, {
      method: 'POST',
      body: JSON.stringify({ token: 'wrong' }),
    });
    expect(res.status).toBe(403);
  });

  it('answers 403 to a wrong or missing refresh token and 400 to a malformed body', async () => {
    expect((await fetch(`${sim.descriptor.oauth}/refresh?token=nope`, { method: 'POST' })).status).toBe(403);
    expect((await fetch(`${sim.descriptor.oauth}/refresh`, { method: 'POST' })).status).toBe(403);
    expect(
      (await fetch(`${sim.descriptor.oauth}/refresh`, { method: 'POST', body: '{"token":' })).status,
    ).toBe(400);
    expect(
      (await fetch(`${sim.descriptor.oauth}/refresh`, { method: 'POST', body: '{"token":5}' })).status,
    ).toBe(400);
  });

  it('restricts the token to allowedPortfolios', async () => {
    const res = await fetch(`${sim.descriptor.oauth}/refresh`, {
      method: 'POST',
      body: JSON.stringify({ token: 'refresh-token-under-test', allowedPortfolios: ['D00000'] }),
    });
    const { AccessToken } = (await res.json()) as { AccessToken: string };
    expect(decode(AccessToken.split('.')[1]!).portfolios).toBe('');
  });
});

describe('HTTP API', () => {
  it('serves instrument info with lot size and price step', async () => {
    const res = await fetch(`${sim.descriptor.api}/md/v2/Securities/MOEX/SBER`);
    expect(res.status).toBe(200);
    const sec = (await res.json()) as Record<string, unknown>;
    expect(sec).toMatchObject({
      symbol: 'SBER',
      exchange: 'MOEX',
      board: 'TQBR',
      primary_board: 'TQBR',
      lotsize: 10,
      pricestep: 0.01,
      minstep: 0.01,
    });
    expect((await fetch(`${sim.descriptor.api}/md/v2/Securities/MOEX/NOPE`)).status).toBe(404);
    const gazp = (await (await fetch(`${sim.descriptor.api}/md/v2/Securities/MOEX/GAZP`)).json()) as Record<
      string,
      unknown
    >;
    expect(gazp.lotsize).toBe(10);
  });

  it('serves server time and refuses portfolio lists without a valid bearer token', async () => {
    const t = (await (await fetch(`${sim.descriptor.api}/md/v2/time`)).json()) as number;
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
    expect((await fetch(`${sim.descriptor.api}/md/v2/Clients/MOEX/D39004/orders`)).status).toBe(401);
  });
});
