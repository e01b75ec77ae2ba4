// Contract entries for order management, risk and smart order routing. Shaped exactly like
// requestSchemas/streamSchemas so the lead can spread them into those registries. Money crosses
// this edge only as decimal strings; a JSON number for a price or size is refused outright.
import { z } from 'zod';
import { compareDecimals } from '../decimal';
import { OrderSide, OrderType, TimeInForce, VenueId } from '../domain';

export { OrderSide, OrderType, TimeInForce };

const Empty = z.object({}).strict();

/** Non-negative decimal string, no sign, no exponent, at most 18 decimal places. */
export const DecimalString = z
  .string()
  .max(40)
  .regex(/^\d+(\.\d{1,18})?$/, 'must be a decimal string such as "12.5" (no exponent, no sign)');

/** A decimal string greater than zero (sizes, prices, limits). */
export const PositiveDecimal = DecimalString.refine((s) => /[1-9]/.test(s), 'must be greater than zero');

/**
 * A size or price of an order: greater than zero and within what the core holds as a scaled
 * integer at scale 0 (2^53 - 1); each market's own, tighter bound at its scale is checked there.
 */
const MAX_ORDER_NUMBER = '9007199254740991';
/** a > b for two decimal strings; false when either is malformed (its own regex reports that). */
const above = (a: string, b: string): boolean =>
  /^\d+(\.\d+)?$/.test(a) && /^\d+(\.\d+)?$/.test(b) && compareDecimals(a, b) > 0;
const OrderNumber = (field: string) =>
  PositiveDecimal.refine((s) => !above(s, MAX_ORDER_NUMBER), `${field} must be at most ${MAX_ORDER_NUMBER}`);

/** Signed decimal string for positions and P&L (output only). */
export const SignedDecimal = z
  .string()
  .max(60)
  .regex(/^-?\d+(\.\d+)?$/);

export const OrderStatus = z.enum([
  'new',
  'pending',
  'working',
  'partially_filled',
  'modify_pending',
  'cancel_pending',
  'filled',
  'cancelled',
  'rejected',
  'expired',
]);
export type OrderStatus = z.infer<typeof OrderStatus>;

const Market = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9._:/-]+$/, 'must be a venue market symbol');
const Canonical = Market;
const ClientOrderId = z.string().uuid();

export const OrderView = z.object({
  clientOrderId: z.string(),
  parentId: z.string().optional(),
  venue: VenueId,
  market: z.string(),
  canonical: z.string(),
  side: OrderSide,
  type: OrderType,
  timeInForce: TimeInForce,
  size: DecimalString,
  price: DecimalString.optional(),
  stopPrice: DecimalString.optional(),
  filled: DecimalString,
  averagePrice: DecimalString.optional(),
  status: OrderStatus,
  venueOrderId: z.string().optional(),
  reason: z.string().max(500).optional(),
  oneClick: z.boolean(),
  adopted: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type OrderView = z.infer<typeof OrderView>;

export const FillView = z.object({
  venue: VenueId,
  market: z.string(),
  fillId: z.string(),
  clientOrderId: z.string().optional(),
  venueOrderId: z.string(),
  side: OrderSide,
  price: DecimalString,
  size: DecimalString,
  fee: SignedDecimal.optional(),
  feeCurrency: z.string().optional(),
  at: z.number().int(),
});
export type FillView = z.infer<typeof FillView>;

export const PositionView = z.object({
  venue: VenueId,
  market: z.string(),
  canonical: z.string(),
  position: SignedDecimal,
  averagePrice: DecimalString.optional(),
  realizedPnl: SignedDecimal,
  /** Absent while no mid price is known for the instrument. */
  unrealizedPnl: SignedDecimal.optional(),
  mid: DecimalString.optional(),
  /** The currency P&L is in; fees paid in it count in the net figures. */
  quoteCurrency: z.string().optional(),
  /** Fees paid, summed per currency over every fill (absent when no fill carried one). */
  fees: z.array(z.object({ currency: z.string(), amount: SignedDecimal })).optional(),
  /** Realized P&L less the fees paid in the quote currency. */
  realizedNetPnl: SignedDecimal.optional(),
  /** Realized + unrealized less the fees in the quote currency; absent while no mid is known. */
  netPnl: SignedDecimal.optional(),
});
export type PositionView = z.infer<typeof PositionView>;

const PriceBand = z.union([
  z.object({ ticks: z.number().int().positive().max(1_000_000) }).strict(),
  z.object({ percent: PositiveDecimal }).strict(),
]);

const InstrumentLimitFields = z
  .object({
    maxSize: PositiveDecimal.optional(),
    /** Order value in the instrument's quote currency. */
    maxNotional: PositiveDecimal.optional(),
    priceBand: PriceBand.optional(),
    maxOpenOrders: z.number().int().positive().max(100_000).optional(),
    /** Above a soft limit the trader must confirm (second call with confirm: true). */
    softMaxSize: PositiveDecimal.optional(),
    softMaxNotional: PositiveDecimal.optional(),
  })
  .strict();

/** A soft limit above its hard limit could never warn: refused rather than saved. */
const softBelowHard = (l: z.infer<typeof InstrumentLimitFields>) =>
  !(l.softMaxSize && l.maxSize && above(l.softMaxSize, l.maxSize)) &&
  !(l.softMaxNotional && l.maxNotional && above(l.softMaxNotional, l.maxNotional));
const SOFT_RULE = 'a soft limit must not be above its hard limit';

export const InstrumentLimits = InstrumentLimitFields.refine(softBelowHard, SOFT_RULE);
export type InstrumentLimits = z.infer<typeof InstrumentLimits>;

export const RiskLimits = z
  .object({
    /**
     * The shipped limits (price band around the mid, order value in the quote currency, size,
     * open orders, derived per instrument) fill whatever the trader leaves unset. Absent means on;
     * only an explicit false turns them off.
     */
    shipped: z.boolean().optional(),
    /** Applied to every instrument without its own entry. */
    defaults: InstrumentLimits,
    instruments: z
      .array(
        InstrumentLimitFields.extend({ venue: VenueId, market: Market })
          .strict()
          .refine(softBelowHard, SOFT_RULE),
      )
      .max(1000),
    maxOpenOrders: z.number().int().positive().max(100_000).optional(),
  })
  .strict();
export type RiskLimits = z.infer<typeof RiskLimits>;

export const RiskState = z.object({
  /** One-click (ladder) trading is allowed only while armed. */
  armed: z.boolean(),
  /** The kill switch was pulled: no new orders until re-armed. */
  killed: z.boolean(),
});
export type RiskState = z.infer<typeof RiskState>;

export const RiskEvent = z.object({
  kind: z.enum(['kill', 'armed', 'disarmed', 'venue_disconnected', 'limit', 'reconciled', 'warning']),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string().max(1000),
  venue: VenueId.optional(),
  at: z.number().int(),
  /** An alert the trader must acknowledge (risk.events.ack with this id). */
  id: z.string().max(100).optional(),
  needsAck: z.boolean().optional(),
});
export type RiskEvent = z.infer<typeof RiskEvent>;

const CancelReport = z.object({
  cancelled: z.array(
    z.object({ venue: VenueId, venueOrderId: z.string(), clientOrderId: z.string().optional() }),
  ),
  failed: z.array(
    z.object({
      venue: VenueId,
      venueOrderId: z.string().optional(),
      clientOrderId: z.string().optional(),
      reason: z.string().max(500),
    }),
  ),
});
export type CancelReport = z.infer<typeof CancelReport>;

const needsPrice = (o: { type: string; price?: string | undefined; stopPrice?: string | undefined }) =>
  (o.type === 'limit' || o.type === 'stopLimit' ? o.price !== undefined : o.price === undefined) &&
  (o.type === 'stop' || o.type === 'stopLimit' ? o.stopPrice !== undefined : o.stopPrice === undefined);
const PRICE_RULE =
  'limit and stop-limit orders need a price, stop and stop-limit orders a stop price, and no other order carries them';

export const PlaceOrderRequest = z
  .object({
    venue: VenueId,
    market: Market,
    side: OrderSide,
    type: OrderType,
    size: OrderNumber('size'),
    price: OrderNumber('price').optional(),
    stopPrice: OrderNumber('stop price').optional(),
    /** Defaults to GTC where the venue has it, else the venue's own default (DAY on ALOR). */
    timeInForce: TimeInForce.optional(),
    postOnly: z.boolean().optional(),
    /** Sent from a ladder click: allowed only while one-click trading is armed. */
    oneClick: z.boolean().default(false),
    /** Passes soft limits the trader has been warned about. */
    confirm: z.boolean().default(false),
  })
  .strict()
  .refine(needsPrice, PRICE_RULE);
export type PlaceOrderInput = z.output<typeof PlaceOrderRequest>;

const PlaceResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('accepted'), order: OrderView }),
  z.object({ status: z.literal('needs_confirmation'), warnings: z.array(z.string()) }),
]);

export const SorLeg = z.object({
  venue: VenueId,
  market: z.string(),
  size: DecimalString,
  averagePrice: DecimalString,
  worstPrice: DecimalString,
});

export const SorPreview = z.object({
  canonical: z.string(),
  side: OrderSide,
  requested: DecimalString,
  fillable: DecimalString,
  /** Part of the request the visible book cannot fill within the limit price. */
  shortfall: DecimalString,
  averagePrice: DecimalString.optional(),
  worstPrice: DecimalString.optional(),
  legs: z.array(SorLeg),
});
export type SorPreview = z.infer<typeof SorPreview>;

const SorRequest = z
  .object({
    canonical: Canonical,
    side: OrderSide,
    size: PositiveDecimal,
    limitPrice: PositiveDecimal.optional(),
    venues: z.array(VenueId).min(1).optional(),
  })
  .strict();

export const ParentView = z.object({
  parentId: z.string(),
  canonical: z.string(),
  side: OrderSide,
  size: DecimalString,
  filled: DecimalString,
  status: z.enum(['working', 'partially_filled', 'filled', 'cancelled', 'rejected']),
  done: z.boolean(),
  children: z.array(z.string()),
  /** Each child order as routed: where, how much, how it stands and why (a rejection's reason). */
  legs: z
    .array(
      z.object({
        clientOrderId: z.string(),
        venue: VenueId,
        market: z.string(),
        size: DecimalString,
        filled: DecimalString,
        status: OrderStatus,
        reason: z.string().max(500).optional(),
      }),
    )
    .optional(),
  createdAt: z.number().int(),
});
export type ParentView = z.infer<typeof ParentView>;

export const orderRequestSchemas = {
  'orders.place': { request: PlaceOrderRequest, response: PlaceResult },
  'orders.modify': {
    request: z
      .object({
        clientOrderId: ClientOrderId,
        price: OrderNumber('price').optional(),
        size: OrderNumber('size').optional(),
      })
      .strict()
      .refine((m) => m.price !== undefined || m.size !== undefined, 'a modify needs a new price or size'),
    response: z.object({ order: OrderView }),
  },
  'orders.cancel': {
    request: z.object({ clientOrderId: ClientOrderId }).strict(),
    response: z.object({ order: OrderView }),
  },
  'orders.cancelAll': {
    request: z.object({ venue: VenueId.optional(), market: Market.optional() }).strict(),
    response: CancelReport,
  },
  'risk.kill': {
    request: Empty,
    response: CancelReport.extend({ state: RiskState, at: z.number().int() }),
  },
  'risk.arm': {
    request: z.object({ armed: z.boolean() }).strict(),
    response: RiskState,
  },
  'risk.limits.get': { request: Empty, response: RiskLimits },
  'risk.limits.set': { request: RiskLimits, response: RiskLimits },
  /** One instrument's own limits and the limits in force for it now (shipped ones included). */
  'risk.limits.instrument.get': {
    request: z.object({ venue: VenueId, market: Market }).strict(),
    response: z.object({ own: InstrumentLimitFields.partial(), effective: InstrumentLimitFields.partial() }),
  },
  /** Sets (or with null removes) one instrument's own limits; answers the profile's limits. */
  'risk.limits.instrument.set': {
    request: z.object({ venue: VenueId, market: Market, limits: InstrumentLimits.nullable() }).strict(),
    response: RiskLimits,
  },
  'risk.events.ack': {
    request: z.object({ id: z.string().min(1).max(100) }).strict(),
    response: z.object({ acknowledged: z.boolean() }),
  },
  'sor.preview': { request: SorRequest, response: SorPreview },
  'sor.send': {
    request: SorRequest.extend({
      timeInForce: TimeInForce.default('IOC'),
      confirm: z.boolean().default(false),
    }).strict(),
    response: z.discriminatedUnion('status', [
      z.object({
        status: z.literal('accepted'),
        parent: ParentView,
        preview: SorPreview,
        children: z.array(OrderView),
        /** Legs refused before sending (risk), with the reason. */
        refused: z.array(z.object({ venue: VenueId, market: z.string(), reason: z.string() })),
      }),
      z.object({ status: z.literal('needs_confirmation'), warnings: z.array(z.string()) }),
    ]),
  },
} as const;

export const orderStreamSchemas = {
  orders: {
    binary: false,
    params: z.object({ recentLimit: z.number().int().min(0).max(1000).optional() }).strict(),
    event: z.object({
      working: z.array(OrderView),
      recent: z.array(OrderView),
      parents: z.array(ParentView),
    }),
  },
  fills: {
    binary: false,
    params: z.object({ recentLimit: z.number().int().min(0).max(5000).optional() }).strict(),
    /** First event is the recent history (snapshot: true); then each new batch. */
    event: z.object({ snapshot: z.boolean(), fills: z.array(FillView) }),
  },
  positions: {
    binary: false,
    params: Empty,
    event: z.object({ positions: z.array(PositionView) }),
  },
  'risk.events': {
    binary: false,
    params: Empty,
    event: z.object({ state: RiskState, events: z.array(RiskEvent) }),
  },
} as const;

export type OrderRequestChannel = keyof typeof orderRequestSchemas;
export type OrderStreamName = keyof typeof orderStreamSchemas;
