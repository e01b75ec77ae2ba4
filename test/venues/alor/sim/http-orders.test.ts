// The HTTP order commands with X-REQID (alor.md §8, WarpOpenAPIv2 /commandapi/warptrans/TRADE/v2),
// driven as a third-party client would: plain fetch, a Bearer JWT, JSON bodies as the spec writes
// them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessToken, sber, startSim, uuid } from './client';

type Started = Awaited<ReturnType<typeof startSim>>;
let sim: Started['sim'];
let token: string;
let portfolio: string;
const ORDERS = '/commandapi/warptrans/TRADE/v2/client/orders';

beforeEach(async () => {
  ({ sim } = await startSim());
  portfolio = sim.descriptor.portfolio;
  token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
});
afterEach(() => sim.close());

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(`${sim.descriptor.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

const limitBody = (price: number) => ({
  side: 'buy',
  quantity: 2,
  price,
  instrument: sber,
  user: { portfolio },
  timeInForce: 'oneday',
});

async function workingOrders(): Promise<{ id: string; price: number; status: string }[]> {
  const r = await call('GET', `/md/v2/Clients/MOEX/${portfolio}/orders`);
  return (r.json as { id: string; price: number; status: string }[]).filter((o) => o.status === 'working');
}

describe('HTTP order commands', () => {
  it('creates a limit order: 200 {"message":"success","orderNumber":"<string>"}', async () => {
    const r = await call('POST', `${ORDERS}/actions/limit`, limitBody(290), { 'X-REQID': uuid() });
    expect(r.status).toBe(200);
    const body = r.json as { message: string; orderNumber: unknown };
    expect(body.message).toBe('success');
    expect(typeof body.orderNumber).toBe('string');
    expect((await workingOrders()).map((o) => o.id)).toEqual([body.orderNumber]);
  });

  it('does not execute a repeated X-REQID and returns the first response as oldResponse', async () => {
    const reqId = uuid();
    const first = await call('POST', `${ORDERS}/actions/limit`, limitBody(290), { 'X-REQID': reqId });
    expect(first.status).toBe(200);
    const again = await call('POST', `${ORDERS}/actions/limit`, limitBody(290), { 'X-REQID': reqId });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({
      message: 'Request with such X-ALOR-REQID was already handled.',
      oldResponse: { statusCode: 200, body: first.json },
    });
    expect(await workingOrders()).toHaveLength(1);
  });

  it('honours the deprecated X-ALOR-REQID header the same way', async () => {
    const reqId = uuid();
    const headers = { 'X-ALOR-REQID': reqId };
    expect((await call('POST', `${ORDERS}/actions/limit`, limitBody(290), headers)).status).toBe(200);
    expect((await call('POST', `${ORDERS}/actions/limit`, limitBody(290), headers)).status).toBe(400);
    expect(await workingOrders()).toHaveLength(1);
  });

  it('requires X-REQID and a valid Bearer token', async () => {
    const missing = await call('POST', `${ORDERS}/actions/limit`, limitBody(290));
    expect(missing.status).toBe(400);
    expect((missing.json as { message: string }).message).toMatch(/X-REQID/);
    token = 'not-a-jwt';
    expect(
      (await call('POST', `${ORDERS}/actions/limit`, limitBody(290), { 'X-REQID': uuid() })).status,
    ).toBe(401);
    token = await accessToken(sim.descriptor.oauth, sim.descriptor.refreshToken);
    expect(await workingOrders()).toHaveLength(0);
  });

  it('answers a bad body with 400 and a message, and remembers that answer under its X-REQID', async () => {
    const reqId = uuid();
    const bad = await call(
      'POST',
      `${ORDERS}/actions/limit`,
      { ...limitBody(290), quantity: 0 },
      { 'X-REQID': reqId },
    );
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ message: 'Invalid or unsupported quantity' });
    const again = await call('POST', `${ORDERS}/actions/limit`, limitBody(290), { 'X-REQID': reqId });
    expect(again.status).toBe(400);
    expect((again.json as { oldResponse: unknown }).oldResponse).toEqual({ statusCode: 400, body: bad.json });
    expect(await workingOrders()).toHaveLength(0);
  });

  it('replaces with PUT (new number, old one gone) and cancels with DELETE (text/plain "success")', async () => {
    const created = await call('POST', `${ORDERS}/actions/limit`, limitBody(290), { 'X-REQID': uuid() });
    const oldId = (created.json as { orderNumber: string }).orderNumber;
    const put = await call('PUT', `${ORDERS}/actions/limit/${oldId}`, limitBody(291), { 'X-REQID': uuid() });
    expect(put.status).toBe(200);
    const newId = (put.json as { orderNumber: string }).orderNumber;
    expect(newId).not.toBe(oldId);
    expect(await workingOrders()).toEqual([expect.objectContaining({ id: newId, price: 291 })]);

    const del = await call('DELETE', `${ORDERS}/${newId}?portfolio=${portfolio}&exchange=MOEX&stop=false`);
    expect(del.status).toBe(200);
    expect(del.text).toBe('success');
    expect(await workingOrders()).toHaveLength(0);

    const unknown = await call('DELETE', `${ORDERS}/123?portfolio=${portfolio}&exchange=MOEX&stop=false`);
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({
      code: 'OrderToCancelNotFound (404)',
      message: 'Order to cancel not found',
    });
  });

  it('creates and cancels a stop order over HTTP', async () => {
    const body = {
      side: 'sell',
      quantity: 1,
      condition: 'lessorequal',
      triggerPrice: 250,
      stopEndUnixTime: Math.floor(Date.now() / 1000) + 3600,
      instrument: sber,
      user: { portfolio },
      allowMargin: true,
    };
    const r = await call('POST', `${ORDERS}/actions/stop`, body, { 'X-REQID': uuid() });
    expect(r.status).toBe(200);
    const id = (r.json as { orderNumber: string }).orderNumber;
    const stops = await call('GET', `/md/v2/Clients/MOEX/${portfolio}/stoporders`);
    expect((stops.json as { id: string; status: string }[]).find((s) => s.id === id)?.status).toBe('working');
    const del = await call(
      'DELETE',
      `${ORDERS}/${id}?portfolio=${portfolio}&exchange=MOEX&stop=true&jsonResponse=true`,
    );
    expect(del.status).toBe(200);
    expect(del.json).toBe('success');
  });

  it('cancels everything with DELETE .../orders/all, or only stops / only orders by `stop`', async () => {
    const stopBody = {
      side: 'sell',
      quantity: 1,
      condition: 'lessorequal',
      triggerPrice: 250,
      stopEndUnixTime: Math.floor(Date.now() / 1000) + 3600,
      instrument: sber,
      user: { portfolio },
      allowMargin: true,
    };
    await call('POST', `${ORDERS}/actions/limit`, limitBody(290), { 'X-REQID': uuid() });
    await call('POST', `${ORDERS}/actions/stop`, stopBody, { 'X-REQID': uuid() });
    const workingStops = async () =>
      (
        (await call('GET', `/md/v2/Clients/MOEX/${portfolio}/stoporders`)).json as { status: string }[]
      ).filter((s) => s.status === 'working');
    const onlyStops = await call('DELETE', `${ORDERS}/all?exchange=MOEX&portfolio=${portfolio}&stop=true`);
    expect(onlyStops.status).toBe(200);
    expect(onlyStops.json).toBe('success');
    expect(await workingStops()).toHaveLength(0);
    expect(await workingOrders()).toHaveLength(1);
    await call('POST', `${ORDERS}/actions/stop`, stopBody, { 'X-REQID': uuid() });
    expect((await call('DELETE', `${ORDERS}/all?exchange=MOEX&portfolio=${portfolio}`)).status).toBe(200);
    expect(await workingStops()).toHaveLength(0);
    expect(await workingOrders()).toHaveLength(0);
    const none = await call('DELETE', `${ORDERS}/all?exchange=MOEX&portfolio=${portfolio}`);
    expect(none.status).toBe(400);
    expect(none.json).toEqual({ code: 'OrderToCancelNotFound', message: 'Orders to cancel not found' });
  });

  it('cancels the way the ALOR C# SDK asks: stop=False, Accept: application/json, a JSON string back', async () => {
    const created = await call('POST', `${ORDERS}/actions/limit`, limitBody(290), { 'X-REQID': uuid() });
    const id = (created.json as { orderNumber: string }).orderNumber;
    const del = await call(
      'DELETE',
      `${ORDERS}/${id}?portfolio=${portfolio}&exchange=MOEX&stop=False`,
      undefined,
      {
        accept: 'application/json',
      },
    );
    expect(del.status).toBe(200);
    expect(del.text).toBe('"success"');
    expect(await workingOrders()).toHaveLength(0);
  });
});
