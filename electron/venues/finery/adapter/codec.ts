// Validated decoders for everything that is not a hot book frame (control, instruments, orders,
// deals, positions, request replies), and the cheap test that tells the two apart.
import { z } from 'zod';
import { formatBig, formatScaled } from '../../../../shared/decimal';
import type { OrderSide } from '../../common/adapter';
import { WIRE_SCALE } from '../wire/finery-wire';

const int = z.number().int().refine(Number.isSafeInteger, 'integer beyond 2^53');
const uint = int.refine((v) => v >= 0, 'negative');
/** uint64 ids and int64 clientOrderIds: parseJsonExact gives bigint beyond 2^53. */
const id = z.union([uint, z.bigint().nonnegative()]).transform((v) => v.toString());
/**
 * int64 values we only pass on (positions, deal volume and delta): parseJsonExact gives bigint
 * beyond 2^53, read exactly. A $90M position in 1e-8 units is past 2^53 already.
 */
const int64 = z.union([int, z.bigint()]);
/**
 * Order and deal prices and sizes (1e-8 units, uint64/int64 on the wire): always read as bigint,
 * exact whether or not they pass 2^53, so no record beyond it is refused (and rebound) or rounded.
 */
const amount = int64.transform((v) => BigInt(v));
const uamount = z.union([uint, z.bigint().nonnegative()]).transform((v) => BigInt(v));

/** An order record's fields, which a deal record repeats before its own. */
const orderFields = [
  z.string().min(1),
  uint,
  z.union([z.literal(0), z.literal(1)]),
  uint,
  id,
  id,
  uamount,
  amount,
  amount,
  uint,
  uint,
] as const;

export const orderRecordSchema = z.tuple([...orderFields], z.unknown());
export type OrderRec = {
  instrument: string;
  type: number;
  side: OrderSide;
  cancelReason: number;
  orderId: string;
  clientOrderId: string;
  price: bigint;
  initialSize: bigint;
  sizeLeft: bigint;
  createdAt: number;
  byVolume: boolean;
};

export function toOrderRec(r: z.infer<typeof orderRecordSchema>): OrderRec {
  return {
    instrument: r[0],
    type: r[1],
    side: r[2] === 0 ? 'buy' : 'sell',
    cancelReason: r[3],
    orderId: r[4],
    clientOrderId: r[5],
    price: r[6],
    initialSize: r[7],
    sizeLeft: r[8],
    createdAt: r[9],
    byVolume: r[10] === 1,
  };
}

/** Deal: the order fields (8 = size left, 10 = deal moment) then deal fields; extras tolerated. */
export const dealRecordSchema = z.tuple(
  [...orderFields, id, z.union([z.literal(0), z.literal(1)]), uamount, amount, int64, int64, uint, uint],
  z.unknown(),
);
export type DealRec = OrderRec & {
  dealId: string;
  dealMoment: number;
  aggressor: OrderSide;
  dealPrice: bigint;
  dealSize: bigint;
};

export function toDealRec(r: z.infer<typeof dealRecordSchema>): DealRec {
  const o = toOrderRec([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[18]]);
  return {
    ...o,
    dealMoment: r[10],
    dealId: r[11],
    aggressor: r[12] === 0 ? 'buy' : 'sell',
    dealPrice: r[13],
    dealSize: r[14],
  };
}

export const positionRecordSchema = z.tuple([z.string().min(1), int64, uint], z.unknown());
export const currencyRecordSchema = z.tuple([z.string().min(1), uint, uint, uint], z.unknown());
export const instrumentRecordSchema = z.tuple(
  [z.string().min(1), id, z.string().min(1), z.string().min(1)],
  z.unknown(),
);

export const instrumentsSnapshotSchema = z.tuple(
  [z.array(currencyRecordSchema), z.array(instrumentRecordSchema)],
  z.unknown(),
);
/**
 * O snapshot: the reference writes `[orders[]]` (finery-markets.md §4.2); the simulator has sent the
 * bare list. Both parse (an empty order record is invalid, so `[[]]` can only be the reference form).
 */
export const orderListSchema = z.union([
  z.array(orderRecordSchema),
  z.tuple([z.array(orderRecordSchema)]).transform((t) => t[0]),
]);
export const dealListSchema = z.array(dealRecordSchema);
/** P snapshot and the `positions` reply: [nextDealId, positions[], orders[], settlementOrders[]]. */
export const positionsReplySchema = z.tuple(
  [id, z.array(positionRecordSchema), z.array(orderRecordSchema)],
  z.unknown(),
);
/** K snapshot: the reference writes `[positions[]]`; the simulator sends the bare list. Both parse. */
export const positionListSchema = z.union([
  z.array(positionRecordSchema),
  z.tuple([z.array(positionRecordSchema)]).transform((t) => t[0]),
]);

const dealReplySchema = z.looseObject({ id, price: uamount, size: amount });
export const addReplySchema = z.looseObject({
  id,
  remainingSize: amount.optional(),
  remainingVolume: amount.optional(),
  cancelReason: uint.optional(),
  deals: z.array(dealReplySchema).optional(),
});
export const modReplySchema = z.looseObject({
  id,
  initialSize: amount,
  remainingSize: amount,
  cancelReason: uint.optional(),
  origId: id,
  deals: z.array(dealReplySchema).optional(),
});
export const modPartialFailureSchema = z.looseObject({ error: uint, origId: id });
export const delReplySchema = z.looseObject({ id, remainingSize: amount });
export const delAllReplySchema = z.looseObject({ removed: uint });

export const replySchema = z
  .looseObject({
    /** Usually present; an error reply may come without it (finery-markets.md §7). */
    reqId: z.number().int().optional(),
    reply: z.unknown().optional(),
    error: z.number().int().optional(),
    param: z.string().optional(),
  })
  .refine((r) => r.reqId !== undefined || r.error !== undefined, 'a reply needs reqId or error');

/** The smaller of two wire amounts. */
export const minAmount = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** Wire integer (1e-8 units) → decimal string. */
export const fromWire = (v: number | bigint): string =>
  typeof v === 'bigint' ? formatBig(v, WIRE_SCALE) : formatScaled(v, WIRE_SCALE);

/**
 * The hot-path test, on the raw text without parsing: a book frame starts `["F",` (or B) and its
 * action (the third element) is S or M. Returns the feedId string and action, or undefined.
 * Whitespace-free framing is what the venue sends; anything else (whitespace, escapes, another
 * tail) falls to the layout-free path, which routes book frames to the book just the same.
 */
export function peekBookFrame(text: string): { market: string; action: string } | undefined {
  if (!text.startsWith('["F","')) return undefined;
  const end = text.indexOf('"', 6);
  if (end < 0 || text.charCodeAt(end + 1) !== 44 || text.charCodeAt(end + 2) !== 34) return undefined;
  const action = text[end + 3]!;
  if (text.charCodeAt(end + 4) !== 34) return undefined;
  const market = text.slice(6, end);
  // An escaped feedId is for the full read to decode; the fast path would misname the market.
  if (market.includes('\\')) return undefined;
  return { market, action };
}

/** O(1) shape check of a book frame's tail: `[..., [bids, asks]]` always ends with `]]]`. */
export function bookFrameComplete(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && text.charCodeAt(i) <= 32) i--;
  return (
    i >= 2 && text.charCodeAt(i) === 93 && text.charCodeAt(i - 1) === 93 && text.charCodeAt(i - 2) === 93
  );
}

/** Plain-words meaning of venue error codes the adapter reports (reference §9). */
const MEANINGS: Record<number, string> = {
  1: 'not implemented',
  2: 'the venue gateway is not connected to its backend',
  3: 'not authorised',
  6: 'invalid nonce or signature (check the API key and secret, and that no other program uses this key)',
  7: 'invalid timestamp (the computer clock is off)',
  8: 'API method not available',
  9: 'a request parameter is invalid',
  10: 'internal error at the venue',
  14: 'invalid signature (wrong key or secret, or the key was revoked)',
  34: 'instrument not found',
  70: 'invalid order size',
  71: 'invalid order price',
  72: 'invalid order flags',
  73: 'order type not allowed for this account',
  74: 'client order id already in use',
  75: 'post-only order would have crossed the book',
  76: 'IOC order found nothing to match',
  77: 'FOK order: not enough liquidity',
  78: 'self-trade prevention',
  79: 'limits exceeded',
  80: 'order not found',
  81: 'either volume or size must be given',
  82: 'orders by volume are not supported for makers',
  83: 'invalid order volume',
  84: 'trading not allowed',
  85: 'no open positions in the order currencies',
  90: 'modify failed: no size left after deducting the filled part',
  91: 'modify failed: side mismatch',
  100: 'binding already exists',
  101: 'binding not found',
  102: 'invalid feed name',
  103: 'invalid feed id',
  104: 'venue database out of sync',
  110: 'a required field is missing',
  111: 'a field is invalid',
};

export function meaning(code: number): string {
  return `${MEANINGS[code] ?? 'venue error'} (code ${code})`;
}
