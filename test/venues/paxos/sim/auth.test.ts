import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPaxosSimulator } from '../../../../electron/venues/paxos/sim/paxos-simulator';
import type { PaxosSimDescriptor } from '../../../../electron/venues/paxos/sim/paxos-simulator';
import type { VenueSimulatorHandle } from '../../../../electron/venues/simkit/index';
import { tokenResponseSchema } from '../../../../electron/venues/paxos/wire/paxos-wire';
import { ALL_SCOPES, MD_SCOPE, connect, getToken, rest, tokenRequest, upgradeStatus } from './client';

let sim: VenueSimulatorHandle<PaxosSimDescriptor>;
let d: PaxosSimDescriptor;

beforeEach(async () => {
  sim = await startPaxosSimulator({ seed: 3, rate: 0, maxConnections: 3 });
  d = sim.descriptor;
});
afterEach(async () => {
  await sim.close();
});

describe('OAuth2 token endpoint', () => {
  it('issues a bearer token for client_credentials (form-encoded) with the requested scope', async () => {
    const r = await tokenRequest(d.oauth, {
      grant_type: 'client_credentials',
      client_id: d.clientId,
      client_secret: d.clientSecret,
      scope: MD_SCOPE,
    });
    expect(r.status).toBe(200);
    const body = tokenResponseSchema.parse(r.body);
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(3600);
    expect(body.scope).toBe(MD_SCOPE);
    expect(body.access_token.length).toBeGreaterThan(20);
  });

  it('accepts multipart form bodies and HTTP Basic client authentication', async () => {
    const form = new FormData();
    form.set('grant_type', 'client_credentials');
    form.set('client_id', d.clientId);
    form.set('client_secret', d.clientSecret);
    form.set('scope', MD_SCOPE);
    const multi = await fetch(d.oauth, { method: 'POST', body: form });
    expect(multi.status).toBe(200);
    const basic = await fetch(d.oauth, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${d.clientId}:${d.clientSecret}`).toString('base64')}`,
      },
      body: `grant_type=client_credentials&scope=${encodeURIComponent(MD_SCOPE)}`,
    });
    expect(basic.status).toBe(200);
  });

  it('honours tokenTtlSeconds and explicit credentials', async () => {
    const other = await startPaxosSimulator({
      rate: 0,
      clientId: 'my-client',
      clientSecret: 'my-secret-123',
      tokenTtlSeconds: 3599,
    });
    try {
      const r = await tokenRequest(other.descriptor.oauth, {
        grant_type: 'client_credentials',
        client_id: 'my-client',
        client_secret: 'my-secret-123',
      });
      expect(r.status).toBe(200);
      expect(r.body.expires_in).toBe(3599);
    } finally {
      await other.close();
    }
  });

  it('refuses a wrong client secret or unknown client with 401 invalid_client', async () => {
    const bad = await tokenRequest(d.oauth, {
      grant_type: 'client_credentials',
      client_id: d.clientId,
      client_secret: 'nope',
      scope: MD_SCOPE,
    });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_client');
    const unknown = await tokenRequest(d.oauth, {
      grant_type: 'client_credentials',
      client_id: 'x',
      client_secret: d.clientSecret,
    });
    expect(unknown.status).toBe(401);
  });

  it('refuses other grants, unknown scopes and non-form bodies with 400', async () => {
    const grant = await tokenRequest(d.oauth, {
      grant_type: 'password',
      client_id: d.clientId,
      client_secret: d.clientSecret,
    });
    expect(grant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const scope = await tokenRequest(d.oauth, {
      grant_type: 'client_credentials',
      client_id: d.clientId,
      client_secret: d.clientSecret,
      scope: 'admin:all',
    });
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const json = await fetch(d.oauth, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    const get = await fetch(d.oauth);
    expect(get.status).toBe(405);
  });
});

describe('SOR WebSocket handshake', () => {
  it('accepts a token carrying the market data scope', async () => {
    const token = await getToken(d, MD_SCOPE);
    expect(await upgradeStatus(d.ws, { Authorization: `Bearer ${token}` })).toBe(101);
  });

  it('refuses a missing or unknown token with 401 and a token without the scope with 403', async () => {
    expect(await upgradeStatus(d.ws, {})).toBe(401);
    expect(await upgradeStatus(d.ws, { Authorization: 'Bearer not-a-token' })).toBe(401);
    const orderOnly = await getToken(d, 'exchange:read_order');
    expect(await upgradeStatus(d.ws, { Authorization: `Bearer ${orderOnly}` })).toBe(403);
  });

  it('refuses upgrades on other paths with 404', async () => {
    const token = await getToken(d, MD_SCOPE);
    expect(await upgradeStatus(d.ws + 'marketdata', { Authorization: `Bearer ${token}` })).toBe(404);
  });

  it('enforces the connection limit with 429', async () => {
    const token = await getToken(d, MD_SCOPE);
    const open = [await connect(d, token), await connect(d, token), await connect(d, token)];
    expect(await upgradeStatus(d.ws, { Authorization: `Bearer ${token}` })).toBe(429);
    await open[0]!.close();
    // The server notices the close asynchronously; a new socket is accepted once it has.
    let status = 0;
    for (let i = 0; i < 50 && status !== 101; i++)
      status = await upgradeStatus(d.ws, { Authorization: `Bearer ${token}` });
    expect(status).toBe(101);
    await Promise.all(open.map((c) => c.close()));
  });
});

describe('token expiry and revocation', () => {
  it('closes open sockets (1008) and refuses the token afterwards when tokens expire', async () => {
    const token = await getToken(d);
    const client = await connect(d, token);
    sim.faults.expireTokens();
    expect(await client.closed).toBe(1008);
    expect(await upgradeStatus(d.ws, { Authorization: `Bearer ${token}` })).toBe(401);
    const r = await rest(d, token, 'GET', '/orders');
    expect(r.status).toBe(401);
    // A fresh token works again.
    const fresh = await getToken(d);
    expect(await upgradeStatus(d.ws, { Authorization: `Bearer ${fresh}` })).toBe(101);
  });

  it('expires a token on its own after expires_in', async () => {
    const short = await startPaxosSimulator({ rate: 0, tokenTtlSeconds: 1 });
    try {
      const token = await getToken(short.descriptor, MD_SCOPE);
      const client = await connect(short.descriptor, token);
      expect(await client.closed).toBe(1008);
      expect(await upgradeStatus(short.descriptor.ws, { Authorization: `Bearer ${token}` })).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('keeps open sockets when tokenExpiryPolicy is keep', async () => {
    const keep = await startPaxosSimulator({ rate: 0, tokenExpiryPolicy: 'keep' });
    try {
      const token = await getToken(keep.descriptor, MD_SCOPE);
      const client = await connect(keep.descriptor, token);
      keep.faults.expireTokens();
      const reply = await client.request({ type: 'subscription_list' });
      expect(reply).toEqual({ type: 'subscription_list', channels: [] });
      expect(await upgradeStatus(keep.descriptor.ws, { Authorization: `Bearer ${token}` })).toBe(401);
      await client.close();
    } finally {
      await keep.close();
    }
  });

  it('revoked tokens are refused for WS and REST', async () => {
    const token = await getToken(d, ALL_SCOPES);
    const client = await connect(d, token);
    sim.faults.revokeTokens();
    expect(await client.closed).toBe(1008);
    expect(await upgradeStatus(d.ws, { Authorization: `Bearer ${token}` })).toBe(401);
    expect((await rest(d, token, 'GET', '/orders')).status).toBe(401);
  });
});
