import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditTrailOf, readAuditTrail } from '../../electron/orders/audit-trail';
import { encodeRecord } from '../../electron/orders/journal';
import type { JournalRecord, OrderIntent } from '../../electron/orders/types';
import type { VenueOrderUpdate } from '../../electron/venues/common/adapter';

const intent = (cid: string): OrderIntent => ({
  clientOrderId: cid,
  idempotencyKey: `key-${cid}`,
  venue: 'paxos',
  market: 'BTCUSD',
  canonical: 'BTC-USD',
  side: 'buy',
  type: 'limit',
  timeInForce: 'GTC',
  size: '2',
  price: '100',
  priceScale: 2,
  sizeScale: 3,
  oneClick: false,
});
const update = (over: Partial<VenueOrderUpdate>): VenueOrderUpdate => ({
  venue: 'paxos',
  market: 'BTCUSD',
  venueOrderId: 'V1',
  side: 'buy',
  type: 'limit',
  price: '100',
  size: '2',
  filled: '0',
  status: 'working',
  at: 5,
  ...over,
});

const RECORDS: JournalRecord[] = [
  { k: 'place', at: 1, intent: intent('A') },
  { k: 'place', at: 2, intent: intent('B') },
  { k: 'reply', at: 3, cid: 'A', action: 'place', update: update({ clientOrderId: 'A' }) },
  { k: 'modify', at: 4, cid: 'A', key: 'k2', price: '101' },
  // The venue's own update carries only its id: it belongs to A through the reply above.
  { k: 'update', at: 6, update: update({ price: '101', at: 6 }) },
  {
    k: 'fill',
    at: 7,
    fill: {
      venue: 'paxos',
      market: 'BTCUSD',
      fillId: 'F1',
      venueOrderId: 'V1',
      side: 'buy',
      price: '101',
      size: '2',
      fee: '0.1',
      feeCurrency: 'USD',
      at: 7,
    },
    canonical: 'BTC-USD',
    priceScale: 2,
    sizeScale: 3,
  },
  { k: 'failed', at: 8, cid: 'B', action: 'place', kind: 'rejected', message: 'no funds', final: true },
  { k: 'resolve', at: 9, cid: 'A', status: 'filled', reason: 'filled at the venue' },
];

const text = () => Buffer.concat(RECORDS.map(encodeRecord)).toString('utf8');

describe('order audit trail', () => {
  it("lists every event of one order's life in journal order, with the venue's ids and replies", () => {
    const trail = auditTrailOf(text(), 'A');
    expect(trail.map((e) => [e.kind, e.at])).toEqual([
      ['place', 1],
      ['reply', 3],
      ['modify', 4],
      ['update', 6],
      ['fill', 7],
      ['resolve', 9],
    ]);
    expect(trail.map((e) => e.seq)).toEqual([0, 2, 3, 4, 5, 7]);
    expect(trail[1]).toMatchObject({
      venueOrderId: 'V1',
      venueAt: 5,
      summary: expect.stringMatching(/replied to place: working/),
    });
    expect(trail[4]!.summary).toBe('Fill F1: buy 2 @ 101, fee 0.1 USD');
    expect(JSON.parse(trail[0]!.record)).toMatchObject({ k: 'place', intent: { idempotencyKey: 'key-A' } });
  });

  it("keeps another order's events out and says why a rejected one failed", () => {
    expect(auditTrailOf(text(), 'B').map((e) => e.summary)).toEqual([
      'Placed: buy limit paxos BTCUSD (GTC), key key-B',
      'place refused by the venue: rejected: no funds',
    ]);
  });

  it('skips a damaged line and reads the journal file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const lines = text().split('\n');
    lines[3] = lines[3]!.replace('101', '999'); // checksum no longer matches
    writeFileSync(join(dir, 'j.jsonl'), lines.join('\n'));
    const trail = await readAuditTrail(join(dir, 'j.jsonl'), 'A');
    expect(trail.map((e) => e.kind)).toEqual(['place', 'reply', 'update', 'fill', 'resolve']);
    expect(await readAuditTrail(join(dir, 'missing.jsonl'), 'A')).toEqual([]);
  });
});
