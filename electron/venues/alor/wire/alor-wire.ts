// ALOR Open API wire messages (../shared/venues/alor.md): the token server, the /cws order
// commands and the /ws data subscriptions. The simulator validates what clients send with these
// schemas and our adapter validates what the venue sends with them, so they describe the venue,
// not either side's convenience. Numbers that are prices travel as JSON numbers on ALOR; schemas
// turn inbound prices into canonical decimal strings so nothing downstream touches a float.
import { z } from 'zod';

// ---------- shared enums ----------

export const alorExchangeSchema = z.enum(['MOEX', 'SPBX']);
export type AlorExchange = z.infer<typeof alorExchangeSchema>;
export const alorSideSchema = z.enum(['buy', 'sell']);
export type AlorSide = z.infer<typeof alorSideSchema>;
export const alorTimeInForceSchema = z.enum([
  'oneday',
  'immediateorcancel',
  'fillorkill',
  'attheclose',
  'goodtillcancelled',
  'bookorcancel',
]);
export type AlorTimeInForce = z.infer<typeof alorTimeInForceSchema>;
export const alorConditionSchema = z.enum(['more', 'less', 'moreorequal', 'lessorequal']);
export type AlorCondition = z.infer<typeof alorConditionSchema>;
export const alorOrderStatusSchema = z.enum(['working', 'filled', 'canceled', 'rejected']);
export type AlorOrderStatus = z.infer<typeof alorOrderStatusSchema>;

export type AlorFormat = 'Simple' | 'Slim' | 'Heavy';
const FORMATS: Record<string, AlorFormat> = { simple: 'Simple', slim: 'Slim', heavy: 'Heavy' };
/** ALOR's own web terminal sends lowercase "simple", so format names are case-insensitive. */
export const alorFormatSchema = z
  .string()
  .refine((s) => s.toLowerCase() in FORMATS, { error: 'format must be Simple, Slim or Heavy' })
  .transform((s) => FORMATS[s.toLowerCase()] as AlorFormat);

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;
/**
 * A non-negative decimal sent as a JSON number (ALOR's way) or a decimal string, normalised to a
 * canonical decimal string. `String(n)` is the shortest text that round-trips the double, which
 * is the literal the client wrote for any price with fewer than 16 significant digits.
 */
export const alorDecimalSchema = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const text = typeof v === 'number' ? (Number.isFinite(v) ? expandNumber(v) : 'NaN') : v.trim();
  if (!DECIMAL_TEXT.test(text)) {
    ctx.addIssue({ code: 'custom', message: 'must be a non-negative decimal number' });
    return z.NEVER;
  }
  return text;
});

function expandNumber(v: number): string {
  const s = String(v);
  if (!/e/i.test(s)) return s;
  // Exponent form only appears for tiny/huge values; toFixed(20) is exact enough to be refused or
  // accepted by the tick check later rather than silently reinterpreted.
  return v.toFixed(20).replace(/\.?0+$/, '');
}

/** orderId is a string in the spec; some clients send the number they read off a trade. */
const alorOrderIdSchema = z
  .union([z.string().min(1), z.number().int().nonnegative()])
  .transform((v) => String(v));

// ---------- token server ----------

/** POST /refresh body: the spec says `token`, ALOR's C# SDK sends `Token`; both are accepted. */
export const alorRefreshBodySchema = z.object({
  token: z.string().optional(),
  Token: z.string().optional(),
  allowedPortfolios: z.array(z.string()).optional(),
});
export const alorRefreshResponseSchema = z.object({ AccessToken: z.string().min(1) });
export type AlorRefreshResponse = z.infer<typeof alorRefreshResponseSchema>;

// ---------- /cws commands ----------

export const alorInstrumentSchema = z.object({
  symbol: z.string().min(1),
  exchange: alorExchangeSchema,
  instrumentGroup: z.string().min(1).optional(),
});
export const alorUserSchema = z.object({ portfolio: z.string().min(1) });

const quantity = z
  .number({ error: 'Invalid or unsupported quantity' })
  .int({ error: 'Invalid or unsupported quantity' })
  .positive({ error: 'Invalid or unsupported quantity' })
  .max(2_147_483_647, { error: 'Invalid or unsupported quantity' });

const cwsBase = {
  guid: z.string().min(1),
  checkDuplicates: z.boolean().optional(),
  /** The overview page puts a token on every request; command schemas do not. Accepted, ignored. */
  token: z.string().optional(),
};

const orderCommon = {
  side: alorSideSchema,
  quantity,
  instrument: alorInstrumentSchema,
  user: alorUserSchema,
  /** Spec versions 2025-01/03 carried the board at top level; 2025-08 moved it to instrumentGroup. */
  board: z.string().min(1).optional(),
  allowMargin: z.boolean().optional(),
  /** Capitalised in the 2025-03 spec. */
  AllowMargin: z.boolean().optional(),
  comment: z.string().max(100, { error: 'comment must be at most 100 characters' }).optional(),
};

const stopCommon = {
  condition: alorConditionSchema,
  triggerPrice: alorDecimalSchema,
  stopEndUnixTime: z.number().int().nonnegative(),
  protectingSeconds: z.number().int().min(1).max(300).optional(),
  activate: z.boolean().optional(),
};

const iceberg = {
  icebergFixed: z.number().int().positive().optional(),
  icebergVariance: z.number().nonnegative().optional(),
};

export const alorAuthorizeSchema = z.object({
  opcode: z.literal('authorize'),
  guid: z.string().min(1),
  token: z.string().min(1),
});

export const alorCreateMarketSchema = z.object({
  opcode: z.literal('create:market'),
  ...cwsBase,
  ...orderCommon,
  timeInForce: alorTimeInForceSchema.optional(),
});
export const alorCreateLimitSchema = z.object({
  opcode: z.literal('create:limit'),
  ...cwsBase,
  ...orderCommon,
  price: alorDecimalSchema,
  timeInForce: alorTimeInForceSchema.optional(),
  ...iceberg,
});
export const alorCreateStopSchema = z.object({
  opcode: z.literal('create:stop'),
  ...cwsBase,
  ...orderCommon,
  ...stopCommon,
});
export const alorCreateStopLimitSchema = z.object({
  opcode: z.literal('create:stopLimit'),
  ...cwsBase,
  ...orderCommon,
  ...stopCommon,
  price: alorDecimalSchema,
  timeInForce: alorTimeInForceSchema.optional(),
  ...iceberg,
});
export const alorUpdateMarketSchema = alorCreateMarketSchema.extend({
  opcode: z.literal('update:market'),
  orderId: alorOrderIdSchema,
});
export const alorUpdateLimitSchema = z.object({
  opcode: z.literal('update:limit'),
  ...cwsBase,
  ...orderCommon,
  orderId: alorOrderIdSchema,
  price: alorDecimalSchema,
  icebergFixed: z.number().int().positive().optional(),
});
export const alorUpdateStopSchema = alorCreateStopSchema.extend({
  opcode: z.literal('update:stop'),
  orderId: alorOrderIdSchema,
});
export const alorUpdateStopLimitSchema = alorCreateStopLimitSchema.omit({ icebergVariance: true }).extend({
  opcode: z.literal('update:stopLimit'),
  orderId: alorOrderIdSchema,
});
const deleteBody = {
  ...cwsBase,
  orderId: alorOrderIdSchema,
  exchange: alorExchangeSchema,
  user: alorUserSchema,
};
export const alorDeleteSchema = z.object({
  opcode: z.enum(['delete:market', 'delete:limit', 'delete:stop', 'delete:stopLimit']),
  ...deleteBody,
});

export const alorCwsCommandSchema = z.discriminatedUnion('opcode', [
  alorAuthorizeSchema,
  alorCreateMarketSchema,
  alorCreateLimitSchema,
  alorCreateStopSchema,
  alorCreateStopLimitSchema,
  alorUpdateMarketSchema,
  alorUpdateLimitSchema,
  alorUpdateStopSchema,
  alorUpdateStopLimitSchema,
  alorDeleteSchema,
]);
export type AlorCwsCommand = z.infer<typeof alorCwsCommandSchema>;
export type AlorOrderCommand = Exclude<AlorCwsCommand, { opcode: 'authorize' }>;
export const ALOR_CWS_OPCODES = [
  'authorize',
  'create:market',
  'create:limit',
  'create:stop',
  'create:stopLimit',
  'update:market',
  'update:limit',
  'update:stop',
  'update:stopLimit',
  'delete:market',
  'delete:limit',
  'delete:stop',
  'delete:stopLimit',
] as const;

/** Every /cws reply and every /ws acknowledgement or error. */
export const alorReplySchema = z.object({
  /** null only when the request was too broken to carry a guid (simulator's choice, see sim/). */
  requestGuid: z.string().nullable(),
  httpCode: z.number().int(),
  message: z.string(),
  /** /cws create/update/delete success: the order number, always a string. */
  orderNumber: z.string().optional(),
});
export type AlorReply = z.infer<typeof alorReplySchema>;

// ---------- /ws subscription requests ----------

const wsBase = {
  guid: z.string().min(1),
  token: z.string().min(1, { error: 'Invalid JWT token!' }),
  format: alorFormatSchema.optional(),
};
const instrumentSub = {
  ...wsBase,
  code: z.string().min(1),
  exchange: alorExchangeSchema,
  /** ALOR's own web terminal sends `instrumentGroup: null` for "the primary board". */
  instrumentGroup: z.string().min(1).nullish(),
  frequency: z.number().int().nonnegative().optional(),
};
const portfolioSub = {
  ...wsBase,
  portfolio: z.string().min(1),
  exchange: alorExchangeSchema,
  skipHistory: z.boolean().optional(),
  frequency: z.number().int().nonnegative().optional(),
};

/**
 * Bars `tf`: a number of seconds ("15", "60", "3600" …) or a code — D (day), W (week), M (month),
 * Y (year). The spec types it as a string; a JSON number of seconds is accepted as well.
 */
export const alorTimeframeSchema = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((s) => /^[1-9]\d{0,8}$/.test(s) || ['D', 'W', 'M', 'Y'].includes(s), {
    error: 'tf must be a positive number of seconds or one of D, W, M, Y',
  });

export const alorWsRequestSchema = z.discriminatedUnion('opcode', [
  z.object({
    opcode: z.literal('OrderBookGetAndSubscribe'),
    ...instrumentSub,
    depth: z.number().int().min(1).max(50).optional(),
  }),
  z.object({ opcode: z.literal('QuotesSubscribe'), ...instrumentSub }),
  z.object({
    opcode: z.literal('AllTradesGetAndSubscribe'),
    ...instrumentSub,
    depth: z.number().int().min(0).max(5000).optional(),
    includeVirtualTrades: z.boolean().optional(),
  }),
  z.object({
    opcode: z.enum(['OrdersGetAndSubscribeV2', 'StopOrdersGetAndSubscribeV2']),
    ...portfolioSub,
    orderStatuses: z.array(alorOrderStatusSchema).optional(),
  }),
  z.object({
    opcode: z.enum([
      'TradesGetAndSubscribeV2',
      'PositionsGetAndSubscribeV2',
      'SummariesGetAndSubscribeV2',
      'RisksGetAndSubscribe',
    ]),
    ...portfolioSub,
  }),
  z.object({
    opcode: z.literal('BarsGetAndSubscribe'),
    ...instrumentSub,
    tf: alorTimeframeSchema,
    /**
     * Unix seconds of the first candle wanted; the spec gives no default, so it is required.
     * int64 in the spec, yet third-party clients send Python's float `time()`; the fraction
     * cannot move a candle boundary, so it is dropped.
     */
    from: z
      .number()
      .nonnegative()
      .transform((v) => Math.floor(v)),
    skipHistory: z.boolean().optional(),
    splitAdjust: z.boolean().optional(),
  }),
  z.object({ opcode: z.literal('InstrumentsGetAndSubscribeV2'), ...instrumentSub }),
  /** Risks of a derivatives (FORTS) portfolio. */
  z.object({ opcode: z.literal('SpectraRisksGetAndSubscribe'), ...portfolioSub }),
  z.object({ opcode: z.literal('unsubscribe'), guid: z.string().min(1), token: z.string().min(1) }),
]);
export type AlorWsRequest = z.infer<typeof alorWsRequestSchema>;

/** Minimum conflation interval per format, and the default (ms). */
export const ALOR_MIN_FREQUENCY: Record<AlorFormat, number> = { Simple: 25, Slim: 10, Heavy: 500 };
export const ALOR_DEFAULT_FREQUENCY = 175;

// ---------- /ws data ----------

export const alorDataEnvelopeSchema = z.object({ data: z.unknown(), guid: z.string() });

const level = z.object({ price: z.number(), volume: z.number() });
export const alorOrderBookSimpleSchema = z.object({
  snapshot: z.boolean(),
  bids: z.array(level),
  asks: z.array(level),
  timestamp: z.number(),
  ms_timestamp: z.number(),
  existing: z.boolean(),
});
const slimLevel = z.object({ p: z.number(), v: z.number(), y: z.number().optional() });
export const alorOrderBookSlimSchema = z.object({
  b: z.array(slimLevel),
  a: z.array(slimLevel),
  t: z.number(),
  h: z.boolean(),
});
export const alorOrderBookHeavySchema = z.object({
  bids: z.array(level),
  asks: z.array(level),
  msTimestamp: z.number(),
  existing: z.boolean(),
});

export const alorQuoteSimpleSchema = z.object({
  symbol: z.string(),
  exchange: z.string(),
  description: z.string(),
  prev_close_price: z.number(),
  last_price: z.number(),
  last_price_timestamp: z.number(),
  high_price: z.number(),
  low_price: z.number(),
  accruedInt: z.number(),
  volume: z.number(),
  open_interest: z.number(),
  ask: z.number(),
  bid: z.number(),
  ask_vol: z.number(),
  bid_vol: z.number(),
  ob_ms_timestamp: z.number(),
  open_price: z.number(),
  yield: z.number(),
  lotsize: z.number(),
  lotvalue: z.number(),
  facevalue: z.number(),
  type: z.string(),
  total_bid_vol: z.number(),
  total_ask_vol: z.number(),
  accrued_interest: z.number(),
  change: z.number(),
  change_percent: z.number(),
});

export const alorAllTradeSimpleSchema = z.object({
  id: z.number(),
  orderno: z.number(),
  symbol: z.string(),
  board: z.string(),
  qty: z.number(),
  price: z.number(),
  time: z.string(),
  timestamp: z.number(),
  oi: z.number(),
  existing: z.boolean(),
  side: alorSideSchema,
});
export const alorAllTradeSlimSchema = z.object({
  id: z.number(),
  sym: z.string(),
  bd: z.string(),
  q: z.number(),
  px: z.number(),
  t: z.number(),
  oi: z.number(),
  h: z.boolean(),
  s: alorSideSchema,
});

const icebergSchema = z
  .object({
    creationFixedQuantity: z.number().nullable(),
    creationVarianceQuantity: z.number().nullable(),
    visibleQuantity: z.number().nullable(),
    visibleQuantityBatch: z.number().nullable(),
    visibleFilledQuantity: z.number().nullable(),
    visibleFilledQuantityBatch: z.number().nullable(),
  })
  .nullable();

export const alorOrderSimpleSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  board: z.string(),
  brokerSymbol: z.string(),
  portfolio: z.string(),
  exchange: alorExchangeSchema,
  comment: z.string().nullable(),
  type: z.enum(['limit', 'market']),
  side: alorSideSchema,
  status: alorOrderStatusSchema,
  transTime: z.string(),
  updateTime: z.string().nullable(),
  endTime: z.string().nullable(),
  qtyUnits: z.number(),
  qtyBatch: z.number(),
  qty: z.number(),
  filledQtyUnits: z.number(),
  filledQtyBatch: z.number(),
  filled: z.number(),
  price: z.number(),
  existing: z.boolean(),
  timeInForce: alorTimeInForceSchema,
  iceberg: icebergSchema,
  volume: z.number().nullable(),
});
export type AlorOrderSimple = z.infer<typeof alorOrderSimpleSchema>;

export const alorStopOrderSimpleSchema = alorOrderSimpleSchema.omit({ type: true, iceberg: true }).extend({
  exchangeOrderId: z.string().nullable(),
  type: z.enum(['stop', 'stoplimit']),
  condition: z.string(),
  stopPrice: z.number(),
  avg_price: z.number(),
  error: z.string().nullable(),
  protectingSeconds: z.number().nullable(),
});
export type AlorStopOrderSimple = z.infer<typeof alorStopOrderSimpleSchema>;

export const alorTradeSimpleSchema = z.object({
  id: z.string(),
  orderno: z.string(),
  comment: z.string().nullable(),
  symbol: z.string(),
  brokerSymbol: z.string(),
  exchange: alorExchangeSchema,
  date: z.string(),
  board: z.string(),
  qtyUnits: z.number(),
  qtyBatch: z.number(),
  qty: z.number(),
  price: z.number(),
  accruedInt: z.number(),
  side: alorSideSchema,
  existing: z.boolean(),
  commission: z.number().nullable(),
  repoSpecificFields: z.unknown().nullable(),
  volume: z.number(),
});
export type AlorTradeSimple = z.infer<typeof alorTradeSimpleSchema>;

export const alorPositionSimpleSchema = z.object({
  volume: z.number(),
  currentVolume: z.number(),
  symbol: z.string(),
  brokerSymbol: z.string(),
  portfolio: z.string(),
  exchange: alorExchangeSchema,
  avgPrice: z.number(),
  qtyUnits: z.number(),
  openUnits: z.number(),
  lotSize: z.number(),
  shortName: z.string(),
  qtyT0: z.number(),
  qtyT1: z.number(),
  qtyT2: z.number(),
  qtyTFuture: z.number(),
  qtyT0Batch: z.number(),
  qtyT1Batch: z.number(),
  qtyT2Batch: z.number(),
  qtyTFutureBatch: z.number(),
  qtyBatch: z.number(),
  openQtyBatch: z.number(),
  qty: z.number(),
  open: z.number(),
  dailyUnrealisedPl: z.number(),
  unrealisedPl: z.number(),
  isCurrency: z.boolean(),
  existing: z.boolean(),
});
export type AlorPositionSimple = z.infer<typeof alorPositionSimpleSchema>;

/** GET /md/v2/Securities/{exchange}/{symbol} (the fields a trading client needs; more exist). */
export const alorSecuritySchema = z.object({
  symbol: z.string(),
  shortname: z.string(),
  description: z.string(),
  exchange: alorExchangeSchema,
  type: z.string(),
  lotsize: z.number(),
  facevalue: z.number(),
  cfiCode: z.string(),
  minstep: z.number(),
  pricestep: z.number(),
  currency: z.string(),
  ISIN: z.string(),
  board: z.string(),
  primary_board: z.string(),
  tradingStatus: z.number(),
  tradingStatusInfo: z.string(),
  priceMax: z.number(),
  priceMin: z.number(),
});
export type AlorSecurity = z.infer<typeof alorSecuritySchema>;
