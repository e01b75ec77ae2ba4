// An order's audit trail: every journal record of its life, in journal order, read back from the
// journal file (the record of truth) rather than from the in-memory state, which keeps only the
// latest. Read on request, never on a hot path; lines that fail their checksum are left out.
import { readFile } from 'node:fs/promises';
import type { AuditEvent } from '../../shared/contract';
import { crc32 } from './journal';
import type { JournalRecord } from './types';

function parseLine(line: string): JournalRecord | undefined {
  if (line.length < 10 || line[8] !== ' ') return undefined;
  const json = line.slice(9);
  if (crc32(Buffer.from(json, 'utf8')) !== Number.parseInt(line.slice(0, 8), 16)) return undefined;
  try {
    const record = JSON.parse(json) as JournalRecord;
    return typeof record?.k === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

function describe(r: JournalRecord): Omit<AuditEvent, 'seq' | 'record'> | undefined {
  switch (r.k) {
    case 'place':
    case 'adopt': {
      const i = r.intent;
      const what = `${i.side} ${i.type} ${i.venue} ${i.market} (${i.timeInForce})`;
      return {
        at: r.at,
        kind: r.k,
        summary:
          r.k === 'place' ? `Placed: ${what}, key ${i.idempotencyKey}` : `Adopted from the venue: ${what}`,
        ...(r.k === 'adopt' ? { venueOrderId: r.update.venueOrderId, venueAt: r.update.at } : {}),
      };
    }
    case 'modify':
      return {
        at: r.at,
        kind: r.k,
        summary: `${r.replace ? 'Modify (cancel-replace) sent' : 'Modify sent'}:${r.price ? ` price ${r.price}` : ''}${r.size ? ` size ${r.size}` : ''}`,
      };
    case 'cancel':
      return { at: r.at, kind: r.k, summary: 'Cancel sent' };
    case 'replace':
      return {
        at: r.at,
        kind: r.k,
        summary:
          r.size === '0'
            ? `Cancel confirmed (${r.from}); nothing left to replace`
            : `Cancel confirmed (${r.from}); replacement sent: ${r.size}${r.price ? ` @ ${r.price}` : ''}`,
        venueOrderId: r.from,
      };
    case 'reply':
      return {
        at: r.at,
        kind: r.k,
        summary: `Venue replied to ${r.action}: ${r.update.status}${r.update.reason ? ` (${r.update.reason})` : ''}, filled ${r.update.filled} of ${r.update.size}`,
        venueOrderId: r.update.venueOrderId,
        venueAt: r.update.at,
      };
    case 'failed':
      return {
        at: r.at,
        kind: r.k,
        summary: `${r.action} ${r.final ? 'refused by the venue' : 'not confirmed'}: ${r.kind}: ${r.message}`,
      };
    case 'update':
      return {
        at: r.at,
        kind: r.k,
        summary: `${r.reconcile ? 'Reconciled' : 'Venue update'}: ${r.update.status}${r.update.price ? ` @ ${r.update.price}` : ''}, filled ${r.update.filled} of ${r.update.size}${r.update.reason ? ` (${r.update.reason})` : ''}`,
        venueOrderId: r.update.venueOrderId,
        venueAt: r.update.at,
      };
    case 'fill':
      return {
        at: r.at,
        kind: r.k,
        summary: `Fill ${r.fill.fillId}: ${r.fill.side} ${r.fill.size} @ ${r.fill.price}${r.fill.fee ? `, fee ${r.fill.fee}${r.fill.feeCurrency ? ` ${r.fill.feeCurrency}` : ''}` : ''}${r.fill.liquidity ? ` (${r.fill.liquidity})` : ''}`,
        venueOrderId: r.fill.venueOrderId,
        venueAt: r.fill.at,
      };
    case 'resolve':
      return { at: r.at, kind: r.k, summary: `Resolved ${r.status}: ${r.reason}` };
    default:
      return undefined;
  }
}

/** Whether a record belongs to the order, given the venue ids it is known by so far. */
function belongs(r: JournalRecord, cid: string, venueIds: Set<string>): boolean {
  switch (r.k) {
    case 'place':
      return r.intent.clientOrderId === cid;
    case 'adopt':
      return r.intent.clientOrderId === cid;
    case 'modify':
    case 'replace':
    case 'cancel':
    case 'reply':
    case 'failed':
    case 'resolve':
      return r.cid === cid;
    case 'update':
      return r.update.clientOrderId === cid || venueIds.has(r.update.venueOrderId);
    case 'fill':
      return r.fill.clientOrderId === cid || venueIds.has(r.fill.venueOrderId);
    default:
      return false;
  }
}

/** The order's events from journal text, oldest first. */
export function auditTrailOf(text: string, clientOrderId: string): AuditEvent[] {
  const out: AuditEvent[] = [];
  const venueIds = new Set<string>();
  text.split('\n').forEach((line, seq) => {
    const r = parseLine(line);
    if (!r || !belongs(r, clientOrderId, venueIds)) return;
    const d = describe(r);
    if (!d) return;
    if (d.venueOrderId) venueIds.add(d.venueOrderId);
    out.push({ seq, ...d, record: JSON.stringify(r).slice(0, 20_000) });
  });
  return out;
}

export async function readAuditTrail(journalPath: string, clientOrderId: string): Promise<AuditEvent[]> {
  let text: string;
  try {
    text = await readFile(journalPath, 'utf8');
  } catch {
    return [];
  }
  return auditTrailOf(text, clientOrderId);
}
