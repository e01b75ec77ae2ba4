// Finery Markets wire format (../shared/venues/finery-markets.md): JSON arrays
// `[feed, feedId, action, data]` for feeds, JSON objects for request replies, positional records,
// prices/sizes as integers in 1e-8 units. Shared by our adapter and the simulator, so it follows
// the reference, not either side's convenience.
import { createHmac } from 'node:crypto';
import { z } from 'zod';

/** Prices and sizes on the wire are integers in units of 1e-8 (reference §5). */
export const WIRE_SCALE = 8;

export const ErrorCode = {
  ok: 0,
  notImplemented: 1,
  notConnected: 2,
  notAuthorised: 3,
  invalidNonceOrSignature: 6,
  invalidTimestamp: 7,
  methodNotAvailable: 8,
  invalidParameter: 9,
  internalError: 10,
  invalidSignature: 14,
  currencyNotFound: 26,
  instrumentNotFound: 34,
  clientNotFound: 45,
  invalidLimitNet: 51,
  limitNotFound: 53,
  invalidOrderSize: 70,
  invalidOrderPrice: 71,
  invalidOrderFlags: 72,
  orderTypeNotAllowed: 73,
  clientOrderIdInUse: 74,
  postOnlyFailed: 75,
  iocNoMatch: 76,
  fokNotEnoughLiquidity: 77,
  selfTrade: 78,
  limitsExceeded: 79,
  delNotFound: 80,
  volumeXorSize: 81,
  volumeNotForMakers: 82,
  invalidOrderVolume: 83,
  tradingNotAllowed: 84,
  modNoSizeAfterDecrement: 90,
  modSideMismatch: 91,
  bindingExists: 100,
  bindingNotFound: 101,
  invalidFeedName: 102,
  invalidFeedId: 103,
  fieldRequired: 110,
  fieldInvalid: 111,
  settlementRequestExists: 130,
  settlementRequestNotFound: 131,
  settlementRequestInvalidCounterparty: 133,
  settlementRequestInvalidComment: 134,
  settlementRequestInvalidAmount: 135,
  transactionInvalidAmount: 141,
  transactionInvalidTxId: 142,
  transactionNotFound: 144,
} as const;

export const Side = { bid: 0, ask: 1 } as const;
export type SideCode = (typeof Side)[keyof typeof Side];

export const FineryOrderType = {
  limit: 0,
  postOnly: 1,
  limitIOC: 2,
  limitFOK: 3,
  marketIOC: 4,
  marketFOK: 5,
} as const;
export type FineryOrderTypeName = keyof typeof FineryOrderType;
export type FineryOrderTypeCode = (typeof FineryOrderType)[FineryOrderTypeName];
export const MAKER_ORDER_TYPES: readonly FineryOrderTypeName[] = ['limit', 'postOnly'];

export const CancelReason = {
  none: 0,
  byClient: 1,
  nonBookOrder: 2,
  selfTrade: 3,
  cancelOnDisconnect: 4,
} as const;
export type CancelReasonCode = (typeof CancelReason)[keyof typeof CancelReason];

export const FEEDS = ['I', 'P', 'O', 'S', 'G', 'L', 'M', 'B', 'F', 'R', 'N', 'K'] as const;
export type FeedName = (typeof FEEDS)[number];
/** Letters that appear in server messages: the bindable feeds plus C (currency updates) and X (status). */
export type ServerFeed = FeedName | 'C' | 'X';
export type FeedAction = 'S' | '+' | 'M' | '-' | 'D' | 'Z' | 'U';
export type BookAction = '+' | 'M' | '-' | '~';

/** feedId forms: instrument name, numeric instrument id, currency name, master's {instrument, clientId}. */
export type FeedId = string | number | { instrument: string; clientId: number };

// ---- positional records (reference §5) ----

/** [name, id, balanceStep, usdPrice, type?, networks?] — parse ≥4 fields. */
export type CurrencyRecord = [string, number, number, number, ...unknown[]];
/** [name, id, assetCurrency, balanceCurrency] */
export type InstrumentRecord = [string, number, string, string];
/** [name, description, id] (REST `instruments` only) */
export type NetworkRecord = [string, string, number];
/** [currencyName, value, counterpartyId, maxReachablePosition, minReachablePosition] */
export type PositionRecord = [string, number, number, number, number];
/** [instrument, orderType, side, cancelReason, orderId, clientOrderId, price, initialSize, sizeLeft, createdAt, bySizeOrByVolume] */
export type OrderRecord = [
  string,
  number,
  number,
  number,
  number,
  bigint | number,
  number,
  number,
  number,
  number,
  number,
];
/**
 * [0..9 order fields (8 = sizeOrVolumeLeft), 10 dealMoment, 11 dealId, 12 aggressorSide, 13 dealPrice,
 * 14 dealSize, 15 dealVolume, 16 dealDelta, 17 counterpartyId, 18 isOrderByVolume, 19 takerOrderOwnerId,
 * 20 linkedTo, 21 dealType, 22 makerOrderOwnerId, ...] — newest documented layout; older ones stop at
 * 19 or 22 fields, so decoders read by index and tolerate extra trailing elements.
 */
export type DealRecord = (string | number | bigint)[];
export type BookLevelRecord = [number, number];
export type BookUpdateRecord = [BookAction, number, number] | ['~'];

export const DealIndex = {
  instrument: 0,
  orderType: 1,
  side: 2,
  cancelReason: 3,
  orderId: 4,
  clientOrderId: 5,
  price: 6,
  initialSize: 7,
  sizeOrVolumeLeft: 8,
  createdAt: 9,
  dealMoment: 10,
  dealId: 11,
  aggressorSide: 12,
  dealPrice: 13,
  dealSize: 14,
  dealVolume: 15,
  dealDelta: 16,
  counterpartyId: 17,
  isOrderByVolume: 18,
} as const;

// ---- exact JSON: uint64 nonces and int64 clientOrderIds exceed 2^53 ----

const BIG_MARK = '\u0000big:';

/**
 * JSON.parse that keeps integers beyond Number.MAX_SAFE_INTEGER exact, as bigint. Node 20 has no
 * reviver source access, so long integer literals are quoted with a marker before parsing.
 */
export function parseJsonExact(text: string): unknown {
  let out = '';
  let i = 0;
  let last = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m) {
        i++;
        continue;
      }
      const lit = m[0];
      if (!m[1] && !m[2] && lit.replace('-', '').length > 15 && !Number.isSafeInteger(Number(lit))) {
        out += text.slice(last, i) + JSON.stringify(BIG_MARK + lit);
        last = i + lit.length;
      }
      i += lit.length;
      continue;
    }
    i++;
  }
  out += text.slice(last);
  return JSON.parse(out, (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith(BIG_MARK) ? BigInt(v.slice(BIG_MARK.length)) : v,
  );
}

/** JSON.stringify that writes bigint values as bare integer literals. */
export function stringifyJsonExact(value: unknown): string {
  let big = false;
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    big = true;
    return BIG_MARK + v.toString();
  });
  return big ? text.replace(/"\\u0000big:(-?\d+)"/g, '$1') : text;
}

// ---- signing (reference §2) ----

/** base64(HMAC-SHA384(secret, payload)) — EFX-Sign for both the WS handshake and REST. */
export function efxSign(secret: string, payload: string): string {
  return createHmac('sha384', secret).update(payload, 'utf8').digest('base64');
}

/** The EFX-Content header: a JSON string with nonce and timestamp (the exact bytes are what is signed). */
export function efxContent(nonce: bigint | number, timestamp: number): string {
  return `{"nonce":${nonce.toString()},"timestamp":${timestamp}}`;
}

/** REST: the signed string is the bare method name followed by the exact body. */
export function restSignPayload(method: string, body: string): string {
  return method + body;
}

const uint = z.union([z.number().int().nonnegative(), z.bigint().nonnegative()]);

/** Parsed EFX-Content (or REST body auth fields); nonce kept exact. */
export const efxAuthFieldsSchema = z.looseObject({ nonce: uint, timestamp: z.number().int().nonnegative() });

// ---- client → server ----

const feedIdSchema = z.union([
  z.string().min(1).max(64),
  z.number().int().nonnegative(),
  z.strictObject({ instrument: z.string().min(1).max(64), clientId: z.number().int().nonnegative() }),
]);

export const bindMessageSchema = z.object({
  event: z.enum(['bind', 'unbind']),
  // Feed letters are checked separately: an unknown one must answer 102, not a parse error.
  feed: z.string().max(8),
  feedId: feedIdSchema.optional(),
});
export type BindMessage = z.infer<typeof bindMessageSchema>;

export const requestMessageSchema = z.object({
  event: z.literal('request'),
  reqId: z.number().int(),
  method: z.string().min(1).max(64),
  content: z.record(z.string(), z.unknown()).optional(),
});
export type RequestMessage = z.infer<typeof requestMessageSchema>;

const price = z.number().int().nonnegative().refine(Number.isSafeInteger);
const size = z.number().int().refine(Number.isSafeInteger);
const clientOrderId = z
  .union([z.number().int(), z.bigint()])
  .transform((v) => BigInt(v))
  .refine((v) => v >= 0n && v <= 2n ** 63n - 1n, 'clientOrderId out of range');

export const addContentSchema = z.object({
  instrument: z.string().min(1),
  clientOrderId: clientOrderId.optional(),
  price: price.optional(),
  size: size.optional(),
  volume: size.optional(),
  side: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['bid', 'ask'])),
  // The docs' own signature example writes "MarketIOC": names are treated case-insensitively (§5.1 INF).
  type: z.string(),
  cod: z.boolean().optional(),
});
export type AddContent = z.infer<typeof addContentSchema>;

export const modContentSchema = z.object({
  orderId: z.number().int().positive(),
  clientOrderId: clientOrderId.optional(),
  price,
  size,
});
export type ModContent = z.infer<typeof modContentSchema>;

export const delContentSchema = z.union([
  z.object({ orderId: z.number().int().positive() }),
  z.object({ clientOrderId }),
]);
export const delAllContentSchema = z.object({ instrument: z.string().min(1).optional() });
export const bookContentSchema = z.object({
  instrument: z.string().min(1),
  tradable: z.boolean().optional(),
});
export const dealHistoryContentSchema = z.object({
  instrument: z.string().min(1).optional(),
  till: z.number().int().positive().optional(),
  from: z.number().int().nonnegative().optional(),
  to: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(250).optional(),
});

/** Resolves an `add` type name case-insensitively. */
export function orderTypeFromName(name: string): FineryOrderTypeName | undefined {
  const lower = name.toLowerCase();
  return (Object.keys(FineryOrderType) as FineryOrderTypeName[]).find((t) => t.toLowerCase() === lower);
}

// ---- server → client ----

export interface FeedMessage {
  feed: ServerFeed;
  feedId: FeedId;
  action: FeedAction;
  data: unknown;
}

const feedMessageSchema = z.tuple([
  z.enum([...FEEDS, 'C', 'X']),
  z.union([feedIdSchema, z.literal(0)]),
  z.enum(['S', '+', 'M', '-', 'D', 'Z', 'U']),
  z.unknown(),
]);

/** Decodes a `[feed, feedId, action, data]` frame; throws a ZodError/SyntaxError on anything else. */
export function decodeFeedMessage(text: string): FeedMessage {
  const [feed, feedId, action, data] = feedMessageSchema.parse(parseJsonExact(text));
  return { feed, feedId, action, data };
}

const level = z.tuple([z.number().int(), z.number().int()]);
const bookUpdate = z.union([
  z.tuple([z.enum(['+', 'M', '-', '~']), z.number().int(), z.number().int()]),
  z.tuple([z.literal('~')]),
]);
export const bookSnapshotDataSchema = z.tuple([z.array(level), z.array(level)]);
export const bookUpdateDataSchema = z.tuple([z.array(bookUpdate), z.array(bookUpdate)]);

/** Connection status code of an `X` frame; C3 saw it wrapped in an array, so both forms parse. */
export function connectionStatusCode(message: FeedMessage): number | undefined {
  if (message.feed !== 'X' || message.action !== 'Z') return undefined;
  const d = message.data;
  if (typeof d === 'number') return d;
  if (Array.isArray(d) && typeof d[0] === 'number') return d[0];
  return undefined;
}

export const requestReplySchema = z.looseObject({
  event: z.literal('request').optional(),
  reqId: z.number().int().optional(),
  reply: z.unknown().optional(),
  error: z.number().int().optional(),
  param: z.string().optional(),
});
export type RequestReply = z.infer<typeof requestReplySchema>;
