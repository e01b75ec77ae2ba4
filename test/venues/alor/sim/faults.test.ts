import { afterEach, describe, expect, it } from 'vitest';
import { alorOrderBookSimpleSchema } from '../../../../electron/venues/alor/wire/alor-wire';
import { Client, accessToken, command, cwsClient, sber, sleep, startSim, uuid } from './client';

type Started = Awaited<ReturnType<typeof startSim>>;
let sim: Started['sim'];
let generator: Started['generator'];
let token: string;
let portfolio: string;
const clients: Client[] = [];

async function setup(extra = {}) {
  ({ sim, generator } = await startSim(extra));
  portfolio = sim.descriptor.portfolio;
  token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim.close();
});
async function track(p: Promise<Client>): Promise<Client> {
  const c = await p;
  clients.push(c);
  return c;
}
const market = (extra: Record<string, unknown> = {}) => ({
  opcode: 'create:market',
  side: 'buy',
  quantity: 1,
  instrument: sber,
  user: { portfolio },
  ...extra,
});
async function book(c: Client, guid = uuid()) {
  c.send({
    opcode: 'OrderBookGetAndSubscribe',
    exchange: 'MOEX',
    code: 'SBER',
    depth: 5,
    frequency: 25,
    guid,
    token,
  });
  await c.data(guid);
  return guid;
}

describe('ALOR simulator faults', () => {
  it('dropConnections closes every socket abruptly', async () => {
    await setup();
    const ws = await track(Client.connect(sim.descriptor.ws));
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    sim.faults.dropConnections();
    await ws.waitClosed();
    await cws.waitClosed();
    expect(ws.closeCode).toBe(1006);
  });

  it('stallFeeds holds market data until resumeFeeds, which sends the current book', async () => {
    await setup();
    const ws = await track(Client.connect(sim.descriptor.ws));
    const guid = await book(ws);
    sim.faults.stallFeeds();
    generator.step(400);
    await sleep(150);
    expect(ws.messages.filter((m) => m.guid === guid)).toHaveLength(1);
    sim.faults.resumeFeeds();
    const d = alorOrderBookSimpleSchema.parse(await ws.data(guid, (x) => x.existing === false));
    expect(d.bids[0]!.volume).toBe(sim.markets.get('SBER')!.snapshot(5).bids[0]!.size);
  });

  it('sendMalformed sends unparseable frames on market-data subscriptions', async () => {
    await setup();
    const ws = await track(Client.connect(sim.descriptor.ws));
    const guid = await book(ws);
    sim.faults.sendMalformed(2);
    await ws.next((m) => typeof m.raw === 'string' && m.raw.includes(guid));
    await ws.next((m) => typeof m.raw === 'string' && m.raw.includes(guid));
  });

  it('expireTokens makes issued tokens invalid on /cws and /ws; new ones work', async () => {
    await setup();
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    sim.faults.expireTokens();
    expect(await command(cws, market())).toMatchObject({ httpCode: 401, message: 'Invalid JWT token!' });
    const ws = await track(Client.connect(sim.descriptor.ws));
    const guid = uuid();
    ws.send({ opcode: 'QuotesSubscribe', exchange: 'MOEX', code: 'SBER', guid, token });
    expect((await ws.reply(guid)).httpCode).toBe(401);
    const fresh = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
    expect((await command(cws, { opcode: 'authorize', token: fresh })).httpCode).toBe(200);
    expect((await command(cws, market())).httpCode).toBe(200);
  });

  it('revokeTokens invalidates the refresh token and every access token', async () => {
    await setup();
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    sim.faults.revokeTokens();
    const res = await fetch(`${sim.descriptor.oauth}/refresh?token=${sim.descriptor.refreshToken}`, {
      method: 'POST',
    });
    expect(res.status).toBe(403);
    expect((await command(cws, market())).httpCode).toBe(401);
    expect((await command(cws, { opcode: 'authorize', token })).httpCode).toBe(401);
  });

  it('restart drops sockets and listens again on the same port, keeping state', async () => {
    await setup();
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    const guid = uuid();
    const first = await command(cws, market({ guid }));
    await sim.faults.restart();
    await cws.waitClosed();
    const again = await track(cwsClient(sim.descriptor.cws, token));
    expect(await command(again, market({ guid }))).toEqual(first);
  });

  it('delayReplies still answers every command (late)', async () => {
    await setup();
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    sim.faults.delayReplies(100);
    expect((await command(cws, market())).httpCode).toBe(200);
    sim.faults.delayReplies(0);
  });

  it('rejectOrders answers new orders with 400 and executes nothing', async () => {
    await setup();
    const ws = await track(Client.connect(sim.descriptor.ws));
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    sim.faults.rejectOrders(true);
    const r = await command(cws, market());
    expect(r.httpCode).toBe(400);
    expect(r.orderNumber).toBeUndefined();
    sim.faults.rejectOrders(false);
    const ok = await command(cws, market());
    expect(ok.httpCode).toBe(200);
    const guid = uuid();
    ws.send({ opcode: 'OrdersGetAndSubscribeV2', exchange: 'MOEX', portfolio, guid, token });
    const first = await ws.data(guid);
    expect(first.id).toBe(ok.orderNumber);
  });

  it('failInternally answers 500 without remembering the guid, so a retry executes once', async () => {
    await setup();
    const cws = await track(cwsClient(sim.descriptor.cws, token));
    sim.faults.failInternally(true);
    const guid = uuid();
    expect((await command(cws, market({ guid }))).httpCode).toBe(500);
    expect(
      (
        await fetch(`${sim.descriptor.oauth}/refresh?token=${sim.descriptor.refreshToken}`, {
          method: 'POST',
        })
      ).status,
    ).toBe(500);
    sim.faults.failInternally(false);
    expect((await command(cws, market({ guid }))).httpCode).toBe(200);
  });

  it('enforces the connection limit at the handshake', async () => {
    await setup({ maxConnections: 2 });
    await track(Client.connect(sim.descriptor.ws));
    await track(Client.connect(sim.descriptor.cws));
    await expect(Client.connect(sim.descriptor.ws)).rejects.toThrow(/429/);
  });

  it('enforces the per-session subscription limit with an error and close', async () => {
    await setup({ maxSubscriptions: 1 });
    const ws = await track(Client.connect(sim.descriptor.ws));
    await book(ws);
    const guid = uuid();
    ws.send({ opcode: 'QuotesSubscribe', exchange: 'MOEX', code: 'SBER', guid, token });
    expect((await ws.reply(guid)).httpCode).toBe(429);
    await ws.waitClosed();
  });
});
