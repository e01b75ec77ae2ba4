// finery-markets.md §4.2 and §5: feeds G (global limits), L (counterparty limits), M (mutual
// limits), R (settlement requests), N (settlement transactions) and S (settlement orders) carry
// their positional records in the snapshot and update as limits are set and positions are traded
// and settled; feed F also binds with the object feedId {"instrument","clientId"} (§4).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FmClient } from './client';
import { startRig, type Rig } from './helpers';

let rig: Rig;
let c: FmClient;
beforeEach(async () => {
  rig = await startRig();
  c = await rig.open();
});
afterEach(async () => {
  await rig.close();
});

const E8 = 100_000_000;
const CP = 2; // the simulated counterparty every deal names (deal field 17)
const msg = (feed: string, action: string) => (m: unknown) =>
  Array.isArray(m) && m[0] === feed && m[2] === action;

/** Buys 0.01 BTC at market: the counterparty now owes us BTC and we owe it USD. */
async function buyBtc(): Promise<number> {
  const r = await c.request('add', {
    instrument: 'BTC-USD',
    size: E8 / 100,
    side: 'bid',
    type: 'marketIOC',
  });
  expect(r.error).toBeUndefined();
  const deals = (r.reply as { deals: Array<{ counterpartyId: number }> }).deals;
  expect(deals[0]!.counterpartyId).toBe(CP);
  return E8 / 100;
}

describe('limit feeds G, L, M', () => {
  it('snapshot one record per currency and update utilisation when a deal moves a position', async () => {
    const g = (await c.bind('G'))[3] as unknown[][];
    const l = (await c.bind('L'))[3] as unknown[][];
    const m = (await c.bind('M'))[3] as unknown[][];
    const gBtc = g.find((x) => x[0] === 'BTC')!;
    expect(gBtc).toHaveLength(6);
    expect(gBtc[1]).toBeGreaterThan(0);
    expect(gBtc.slice(3, 5)).toEqual([0, 0]);
    const lBtc = l.find((x) => x[0] === 'BTC')!;
    expect(lBtc).toHaveLength(8);
    expect(lBtc[6]).toBe(CP);
    expect(m.find((x) => x[0] === 'BTC')![6]).toBe(CP);

    const from = c.messages.length;
    const size = await buyBtc();
    const gUpd = (await c.waitFor(
      (x) => msg('G', 'M')(x) && ((x as unknown[])[3] as unknown[])[0] === 'BTC',
      5000,
      from,
    )) as unknown[];
    expect(gUpd.slice(0, 2)).toEqual(['G', 0]);
    expect((gUpd[3] as unknown[]).slice(3, 5)).toEqual([size, size]);
    const lUpd = (await c.waitFor(
      (x) => msg('L', 'M')(x) && ((x as unknown[])[3] as unknown[])[0] === 'BTC',
      5000,
      from,
    )) as unknown[];
    expect((lUpd[3] as unknown[])[3]).toBe(size);
    const mUpd = (await c.waitFor(
      (x) => msg('M', 'M')(x) && ((x as unknown[])[3] as unknown[])[0] === 'BTC',
      5000,
      from,
    )) as unknown[];
    expect((mUpd[3] as unknown[])[3]).toBe(size);
    // The `limits` and `climits` replies agree with the feeds.
    const limits = (await c.request('limits', {})).reply as unknown[][];
    expect(limits.find((x) => x[0] === 'BTC')).toEqual(gUpd[3]);
    const climits = (await c.request('climits', {})).reply as unknown[][];
    expect(climits.find((x) => x[0] === 'BTC')).toEqual(lUpd[3]);
  });

  it('setLimit updates G; setCLimit / delCLimit add, modify and remove L and M records', async () => {
    await c.bind('G');
    await c.bind('L');
    await c.bind('M');
    expect(
      (await c.request('setLimit', { currency: 'USD', netLimit: 5 * E8, grossLimit: 9 * E8 })).reply,
    ).toEqual({
      error: 0,
    });
    const g = (await c.waitFor(msg('G', 'M'))) as unknown[];
    expect(g[3]).toEqual(['USD', 5 * E8, 9 * E8, 0, 0, 0]);
    const set = { counterpartyId: CP, currency: 'USD', netLimit: 2 * E8, grossLimit: 3 * E8, takerMarkup: 7 };
    expect((await c.request('setCLimit', set)).error).toBeUndefined();
    expect(((await c.waitFor(msg('L', 'M'))) as unknown[])[3]).toEqual([
      'USD',
      2 * E8,
      3 * E8,
      0,
      0,
      0,
      CP,
      7,
    ]);
    expect(((await c.waitFor(msg('M', 'M'))) as unknown[])[3]).toEqual([
      'USD',
      2 * E8,
      3 * E8,
      0,
      0,
      0,
      CP,
      0,
    ]);
    expect((await c.request('delCLimit', { counterpartyId: CP, currency: 'USD' })).error).toBeUndefined();
    expect(((await c.waitFor(msg('L', '-'))) as unknown[])[3]).toEqual([
      'USD',
      2 * E8,
      3 * E8,
      0,
      0,
      0,
      CP,
      7,
    ]);
    await c.waitFor(msg('M', '-'));
    expect((await c.request('delCLimit', { counterpartyId: CP, currency: 'USD' })).error).toBe(53);
    expect((await c.request('setCLimit', set)).error).toBeUndefined();
    expect(((await c.waitFor(msg('L', '+'))) as unknown[])[3]).toEqual([
      'USD',
      2 * E8,
      3 * E8,
      0,
      0,
      0,
      CP,
      7,
    ]);
    expect((await c.request('setCLimit', { ...set, counterpartyId: 99 })).error).toBe(45);
  });
});

describe('settlement feeds R, N, S', () => {
  it('a request waits in R while nothing is owed, and is met once a deal makes the counterparty owe', async () => {
    await c.bind('R');
    const nSnap = await c.bind('N');
    expect(nSnap).toEqual(['N', 0, 'S', [expect.any(Number), [], []]]);
    await c.bind('S', 'BTC');
    await c.bind('P');
    const req = { counterpartyId: CP, currency: 'BTC', comment: 'settle please', cancelTimestamp: 0 };
    expect((await c.request('addIncomingSettlementRequest', req)).reply).toEqual({ error: 0 });
    const added = (await c.waitFor(msg('R', '+'))) as unknown[];
    expect(added[3]).toEqual([[[CP, 'BTC', 0, 0, 'settle please', 0]], []]);
    expect((await c.request('addIncomingSettlementRequest', req)).error).toBe(130);
    // A second connection binding R now sees the waiting request in the snapshot.
    const other = await rig.open();
    expect(await other.bind('R')).toEqual(['R', 0, 'S', [[[CP, 'BTC', 0, 0, 'settle please', 0]], []]]);

    const size = await buyBtc();
    const order = (await c.waitFor((m) => msg('S', '+')(m) && (m as unknown[])[1] === 'BTC')) as unknown[];
    const rec = order[3] as unknown[];
    expect(rec).toHaveLength(9);
    expect(rec.slice(1, 5)).toEqual(['BTC', '', size, 0]);
    expect(rec[6]).toBe(CP);
    // P carries the same settlement-order event with feedId 0.
    await c.waitFor((m) => Array.isArray(m) && m[0] === 'S' && m[1] === 0 && m[2] === '+');
    const tx = (await c.waitFor(msg('N', '+'))) as unknown[];
    const [incoming, outgoing] = tx[3] as [unknown[][], unknown[][]];
    expect(outgoing).toEqual([]);
    expect(incoming[0]).toHaveLength(12);
    expect(incoming[0]!.slice(0, 5)).toEqual([CP, 'BTC', size, rec[0], 'settle please']);
    await c.waitFor(msg('R', '-'));
    expect(((await c.request('positions', {})).reply as unknown[])[3]).toEqual([rec]);

    // Committing the incoming transaction settles it: N D, S D (deal), BTC position back to 0.
    await c.bind('K', 'BTC');
    const txId = incoming[0]![10] as number;
    expect((await c.request('commitIncomingSettlementTransaction', { transactionId: txId })).reply).toEqual({
      error: 0,
    });
    const done = (await c.waitFor(msg('N', 'D'))) as unknown[];
    expect((done[3] as unknown[][][])[0]![0]![10]).toBe(txId);
    const deal = (await c.waitFor((m) => msg('S', 'D')(m) && (m as unknown[])[1] === 'BTC')) as unknown[];
    expect((deal[3] as unknown[]).slice(0, 9)).toEqual(rec);
    expect((deal[3] as unknown[])[10]).toBe(txId);
    await c.waitFor((m) => Array.isArray(m) && m[0] === 'K' && m[1] === 'BTC' && m[2] === '-');
    expect((await c.bind('S', 'USD'))[3]).toEqual([]);
    expect((await c.request('commitIncomingSettlementTransaction', { transactionId: txId })).error).toBe(144);
  });

  it('outgoing transactions: add (N +), delete before sending (N -), send (N M) and committed (N D)', async () => {
    await c.bind('N');
    await c.bind('K', 'USD');
    const from = c.messages.length;
    await buyBtc(); // we owe the counterparty USD
    const owed = (await c.waitFor(
      (m) => Array.isArray(m) && m[0] === 'K' && m[1] === 'USD' && m[2] === '+',
      5000,
      from,
    )) as unknown[];
    const usd = (owed[3] as unknown[])[1] as number;
    expect(usd).toBeLessThan(0);
    const add = { counterpartyId: CP, currency: 'USD', amount: -usd, comment: 'paying' };
    const first = await c.request('addOutgoingSettlementTransaction', add);
    const firstId = (first.reply as { settlementTransactionId: number }).settlementTransactionId;
    expect(firstId).toEqual(expect.any(Number));
    const plus = (await c.waitFor(msg('N', '+'))) as unknown[];
    expect((plus[3] as unknown[][][])[1]![0]!.slice(0, 5)).toEqual([CP, 'USD', -usd, 0, 'paying']);
    expect((await c.request('delOutgoingSettlementTransaction', { transactionId: firstId })).reply).toEqual({
      error: 0,
    });
    await c.waitFor(msg('N', '-'));
    const second = await c.request('addOutgoingSettlementTransaction', add);
    const id = (second.reply as { settlementTransactionId: number }).settlementTransactionId;
    expect(
      (await c.request('sendOutgoingSettlementTransaction', { transactionId: id, txId: '0xabc' })).reply,
    ).toEqual({
      error: 0,
    });
    const sent = (await c.waitFor(msg('N', 'M'))) as unknown[];
    const sentRec = (sent[3] as unknown[][][])[1]![0]!;
    expect(sentRec[6]).toBe('0xabc');
    expect(sentRec[7]).toBeGreaterThan(0);
    await c.waitFor(msg('N', 'D'));
    // Paid in full: the USD position is gone.
    await c.waitFor((m) => Array.isArray(m) && m[0] === 'K' && m[1] === 'USD' && m[2] === '-');
    expect((await c.request('delOutgoingSettlementTransaction', { transactionId: id })).error).toBe(144);
    expect((await c.request('addOutgoingSettlementTransaction', { ...add, amount: 0 })).error).toBe(141);
  });
});

describe('object feedId', () => {
  it('binds and unbinds F with {"instrument","clientId"}, echoing the object', async () => {
    const id = { instrument: 'BTC-USD', clientId: 5 };
    const s = await c.bind('F', id);
    expect(s.slice(0, 3)).toEqual(['F', id, 'S']);
    expect((s[3] as unknown[][])[0]!.length).toBeGreaterThan(0);
    // Updates carry the object too.
    const from = c.messages.length;
    rig.gen.step(20);
    const upd = (await c.waitFor(
      (m) => Array.isArray(m) && m[0] === 'F' && m[2] === 'M',
      5000,
      from,
    )) as unknown[];
    expect(upd[1]).toEqual(id);
    expect(await c.bind('F', { clientId: 5, instrument: 'BTC-USD' })).toEqual([
      'F',
      { clientId: 5, instrument: 'BTC-USD' },
      'Z',
      100,
    ]);
    expect(await c.unbind('F', { clientId: 5, instrument: 'BTC-USD' })).toEqual([
      'F',
      { clientId: 5, instrument: 'BTC-USD' },
      'U',
      0,
    ]);
    expect(await c.bind('F', { instrument: 'DOGE-USD', clientId: 5 })).toEqual([
      'F',
      { instrument: 'DOGE-USD', clientId: 5 },
      'Z',
      103,
    ]);
  });
});
