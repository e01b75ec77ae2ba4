import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crc32, encodeRecord, Journal } from '../../electron/orders/journal';
import type { JournalRecord } from '../../electron/orders/types';
import { limit, placed, rig, tempDir } from './helpers';

const rec = (i: number): JournalRecord => ({ k: 'kill', at: i, killed: i % 2 === 0 });

describe('journal', () => {
  const dirs: (() => void)[] = [];
  const path = () => {
    const t = tempDir();
    dirs.push(t.cleanup);
    return join(t.dir, 'j.log');
  };
  afterEach(() => dirs.splice(0).forEach((c) => c()));

  it('crc32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('replays what was appended, in order', () => {
    const p = path();
    const a = Journal.open(p);
    expect(a.records).toEqual([]);
    a.journal.append([rec(1), rec(2)]);
    a.journal.append([rec(3)]);
    a.journal.close();
    const b = Journal.open(p);
    expect(b.records).toEqual([rec(1), rec(2), rec(3)]);
    expect(b.report).toEqual({ records: 3, truncatedBytes: 0, skipped: 0 });
    b.journal.close();
  });

  it('truncates a torn last line and keeps appending after it', () => {
    const p = path();
    const a = Journal.open(p);
    a.journal.append([rec(1), rec(2)]);
    a.journal.close();
    const good = statSync(p).size;
    const torn = encodeRecord(rec(3)).subarray(0, 17);
    appendFileSync(p, torn);
    const b = Journal.open(p);
    expect(b.records).toEqual([rec(1), rec(2)]);
    expect(b.report.truncatedBytes).toBe(torn.length);
    expect(statSync(p).size).toBe(good);
    b.journal.append([rec(4)]);
    b.journal.close();
    expect(Journal.open(p).records).toEqual([rec(1), rec(2), rec(4)]);
  });

  it('drops a complete last line whose checksum fails (garbage written before the crash)', () => {
    const p = path();
    const a = Journal.open(p);
    a.journal.append([rec(1)]);
    a.journal.close();
    appendFileSync(p, '00000000 {"k":"kill","at":9,"killed":true}\n');
    const b = Journal.open(p);
    expect(b.records).toEqual([rec(1)]);
    expect(b.report.truncatedBytes).toBeGreaterThan(0);
    b.journal.close();
  });

  it('skips a damaged record in the middle without losing the ones after it', () => {
    const p = path();
    const lines = [rec(1), rec(2), rec(3)].map((r) => encodeRecord(r).toString());
    lines[1] = lines[1]!.replace('"kill"', '"kilL"');
    writeFileSync(p, lines.join(''));
    const b = Journal.open(p);
    expect(b.records).toEqual([rec(1), rec(3)]);
    expect(b.report.skipped).toBe(1);
    expect(b.report.truncatedBytes).toBe(0);
    b.journal.close();
  });

  it('every line carries its checksum and one JSON record', () => {
    const p = path();
    const a = Journal.open(p);
    a.journal.append([rec(1)]);
    a.journal.close();
    const line = readFileSync(p, 'utf8').trimEnd();
    expect(line).toMatch(/^[0-9a-f]{8} \{.*\}$/);
  });
});

describe('journal-backed manager', () => {
  it('persists the place (with its idempotency key) before the venue sees it', async () => {
    const r = await rig();
    try {
      const a = r.adapters.paxos;
      let journalAtSend = '';
      const original = a.placeOrder;
      a.placeOrder = (req) => {
        journalAtSend = readFileSync(r.journalPath, 'utf8');
        return original(req);
      };
      const cid = await placed(r.manager, limit('paxos', 'buy', '1', '100'));
      expect(journalAtSend).toContain(cid);
      expect(journalAtSend).toContain(`"idempotencyKey":"paxos:${cid}"`);
    } finally {
      await r.cleanup();
    }
  });

  it('a restart rebuilds the same orders, fills and positions from the journal', async () => {
    const r = await rig();
    try {
      const m = r.manager;
      const cid = await placed(m, limit('finery', 'buy', '2', '100'));
      r.adapters.finery.sim.fill(m.find(cid)!.venueOrderId!, 5000, 9_950);
      const before = { order: { ...m.find(cid)! }, positions: m.positions() };
      const m2 = await r.restart();
      const after = m2.find(cid)!;
      expect([after.status, after.filled, after.venueOrderId]).toEqual([
        before.order.status,
        before.order.filled,
        before.order.venueOrderId,
      ]);
      expect(m2.positions()).toEqual(before.positions);
      expect(m2.fills()).toHaveLength(1);
    } finally {
      await r.cleanup();
    }
  });
});

describe('replay robustness', () => {
  it('a record that cannot be applied is logged and skipped; the rest replays', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const p = join(dir, 'j.log');
      const bad: JournalRecord = {
        k: 'place',
        at: 1,
        intent: {
          clientOrderId: 'c1',
          idempotencyKey: 'k1',
          venue: 'paxos',
          market: 'BTCUSD',
          canonical: 'BTC-USD',
          side: 'buy',
          type: 'limit',
          timeInForce: 'GTC',
          size: 'lots',
          priceScale: 2,
          sizeScale: 4,
          oneClick: false,
        },
      };
      writeFileSync(p, Buffer.concat([encodeRecord(bad), encodeRecord({ k: 'kill', at: 2, killed: true })]));
      const { OrderManager } = await import('../../electron/orders/manager');
      const m = new OrderManager({ journalPath: p, adapters: [] });
      expect(m.riskState().killed).toBe(true);
      await m.close();
    } finally {
      cleanup();
    }
  });
});
