// Paxos wire messages: the Smart Order Routing (SOR) WebSocket, the OAuth2 token endpoint and the
// REST v2 order endpoints, as ../shared/venues/paxos.md documents them. Both our simulator and our
// adapter use these, so the shapes follow the reference, not either side's convenience.
// Response schemas are loose (passthrough) where Paxos may add fields; request schemas are strict
// only where the reference says a field is required.
import { z } from 'zod';

/** `^[0-9]*\.?[0-9]+$` is the pattern the v2 OpenAPI gives for amounts and prices (§11.1). */
export const decimalString = z.string().regex(/^[0-9]*\.?[0-9]+$/, 'expected a decimal string');

// ---------------------------------------------------------------- OAuth2 (§2)

export const SCOPE_MARKET_DATA_STREAM = 'exchange:read_aggregated_marketdata_stream';
export const SCOPE_WRITE_ORDER = 'exchange:write_order';
export const SCOPE_READ_ORDER = 'exchange:read_order';

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().nonnegative(),
  token_type: z.string(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** RFC 6749 §5.2 error body; the reference documents none of its own for the token endpoint. */
export const tokenErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
export type TokenError = z.infer<typeof tokenErrorSchema>;

// ---------------------------------------------------------------- SOR WebSocket (§4, §5)

export const MARKET_SOCKET_CHANNELS = [
  'market_data',
  'market_data.top_of_book',
  'execution_data',
  'heartbeat',
] as const;
export type MarketSocketChannelType = (typeof MARKET_SOCKET_CHANNELS)[number];

export const MARKET_SOCKET_ERROR_CODES = [
  'UNKNOWN_ACTION',
  'INTERNAL_SERVER_ERROR',
  'MALFORMED_REQUEST',
  'NO_EFFECT_ACTION',
  'UNKNOWN_CHANNEL',
  'UNKNOWN_CHANNEL_PARAMS_CONFIGURATION',
] as const;
export type MarketSocketErrorCode = (typeof MARKET_SOCKET_ERROR_CODES)[number];

export const marketSocketMarketParamsSchema = z.object({ market: z.string() });

/** One channel in a subscribe/unsubscribe request; heartbeat carries no params. */
export const marketSocketChannelRequestSchema = z.object({
  type: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type MarketSocketChannelRequest = z.infer<typeof marketSocketChannelRequestSchema>;

export const marketSocketSubscribeRequestSchema = z.object({
  type: z.enum(['subscribe', 'unsubscribe']),
  channels: z.array(marketSocketChannelRequestSchema),
});
export type MarketSocketSubscribeRequest = z.infer<typeof marketSocketSubscribeRequestSchema>;
export type MarketSocketListRequest = { type: 'subscription_list' };

/** Per-channel result; `params` is echoed only since 2026-01-09, so clients must not require it. */
export const marketSocketChannelResultSchema = z.object({
  type: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  success: z.boolean(),
  error: z.enum(MARKET_SOCKET_ERROR_CODES).optional(),
});
export type MarketSocketChannelResult = z.infer<typeof marketSocketChannelResultSchema>;

export const marketSocketOperationResponseSchema = z.object({
  type: z.enum(['subscribe', 'unsubscribe']),
  channels: z.array(marketSocketChannelResultSchema),
});
export type MarketSocketOperationResponse = z.infer<typeof marketSocketOperationResponseSchema>;

export const marketSocketSubscriptionListResponseSchema = z.object({
  type: z.literal('subscription_list'),
  channels: z.array(z.object({ type: z.string(), params: z.record(z.string(), z.unknown()).optional() })),
});
export type MarketSocketSubscriptionListResponse = z.infer<typeof marketSocketSubscriptionListResponseSchema>;

/** Top-level error: the shape only appears in the guide's sample handler (open question 2). */
export const marketSocketErrorFrameSchema = z.object({ type: z.literal('error'), error: z.string() });
export type MarketSocketErrorFrame = z.infer<typeof marketSocketErrorFrameSchema>;

export const priceLevelSchema = z.object({ price: decimalString, amount: decimalString });
export type PriceLevel = z.infer<typeof priceLevelSchema>;

export const marketDataPayloadSchema = z.object({
  market: z.string(),
  type: z.enum(['SNAPSHOT', 'UPDATE']),
  time: z.string(),
  // An UPDATE may omit a side (the docs' sample code guards with `if (update.bids)`).
  bids: z.array(priceLevelSchema).optional(),
  asks: z.array(priceLevelSchema).optional(),
});
export type MarketDataPayload = z.infer<typeof marketDataPayloadSchema>;

export const topOfBookPayloadSchema = z.object({
  market: z.string(),
  type: z.literal('TOP_OF_BOOK'),
  timestamp: z.string(),
  bids: z.array(priceLevelSchema),
  asks: z.array(priceLevelSchema),
});
export type TopOfBookPayload = z.infer<typeof topOfBookPayloadSchema>;

export const executionDataPayloadSchema = z.object({
  market: z.string(),
  price: decimalString,
  amount: decimalString,
  executed_at: z.string(),
});
export type ExecutionDataPayload = z.infer<typeof executionDataPayloadSchema>;

export const heartbeatPayloadSchema = z.object({ timestamp: z.string() });
export type HeartbeatPayload = z.infer<typeof heartbeatPayloadSchema>;

export const marketSocketStreamMessageSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('market_data'), payload: marketDataPayloadSchema }),
  z.object({ channel: z.literal('market_data.top_of_book'), payload: topOfBookPayloadSchema }),
  z.object({ channel: z.literal('execution_data'), payload: executionDataPayloadSchema }),
  z.object({ channel: z.literal('heartbeat'), payload: heartbeatPayloadSchema }),
]);
export type MarketSocketStreamMessage = z.infer<typeof marketSocketStreamMessageSchema>;

/** Any frame the SOR server sends. */
export const marketSocketServerFrameSchema = z.union([
  marketSocketStreamMessageSchema,
  marketSocketOperationResponseSchema,
  marketSocketSubscriptionListResponseSchema,
  marketSocketErrorFrameSchema,
]);
export type MarketSocketServerFrame = z.infer<typeof marketSocketServerFrameSchema>;

// ---------------------------------------------------------------- REST v2 orders (§11)

export const ORDER_MARKETS = [
  'ETHEUR',
  'ETHSGD',
  'ETHUSD',
  'BTCEUR',
  'BTCSGD',
  'BTCUSD',
  'PAXGUSD',
  'BCHUSD',
  'LTCUSD',
  'USDPUSD',
  'LINKUSD',
  'MATICUSD',
  'AAVEUSD',
  'UNIUSD',
] as const;
export const orderSideSchema = z.enum(['BUY', 'SELL']);
export const orderTypeSchema = z.enum(['LIMIT', 'MARKET', 'POST_ONLY_LIMIT', 'STOP_MARKET', 'STOP_LIMIT']);
export const timeInForceSchema = z.enum(['GTC', 'IOC', 'FOK', 'GTT']);
export const orderStatusSchema = z.enum([
  'PENDING_SUBMISSION',
  'SUBMITTED',
  'OPEN',
  'FILLED',
  'CANCELLED',
  'REJECTED',
]);
export type PaxosOrderSide = z.infer<typeof orderSideSchema>;
export type PaxosOrderType = z.infer<typeof orderTypeSchema>;
export type PaxosTimeInForce = z.infer<typeof timeInForceSchema>;
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const createOrderRequestSchema = z.object({
  ref_id: z.string().min(1).max(256).optional(),
  side: orderSideSchema,
  market: z.string().min(1),
  type: orderTypeSchema,
  base_amount: decimalString.optional(),
  price: decimalString.optional(),
  quote_amount: decimalString.optional(),
  stop_price: decimalString.optional(),
  time_in_force: timeInForceSchema.optional(),
  /** Unix milliseconds, 13 digits; the generated clients send it as a string. */
  expiration_date: z.union([z.string().regex(/^\d{13}$/), z.number().int()]).optional(),
  await_fill_millis: z.number().int().min(0).max(10_000).optional(),
  metadata: z
    .record(z.string().max(100), z.string().max(100))
    .refine((m) => Object.keys(m).length <= 6, 'metadata holds at most 6 pairs')
    .optional(),
  identity_id: z.string().optional(),
  identity_account_id: z.string().optional(),
  recipient_profile_id: z.string().optional(),
  self_match_prevention_id: z.string().max(36).optional(),
});
export type CreateOrderRequest = z.infer<typeof createOrderRequestSchema>;

// REST v2's OpenAPI marks every Order field optional (paxos.md §11.2). We need the ones that name
// and place the order; the rest (fill amount, average price, times) may be missing from a reply
// and are derived or left out, never a reason to call the reply unreadable.
export const orderSchema = z.looseObject({
  id: z.string(),
  profile_id: z.string().optional(),
  ref_id: z.string().optional(),
  status: orderStatusSchema,
  side: orderSideSchema,
  market: z.string(),
  type: orderTypeSchema,
  base_amount: z.string().optional(),
  price: z.string().optional(),
  quote_amount: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  created_at: z.string().optional(),
  modified_at: z.string().optional(),
  amount_filled: z.string().optional(),
  volume_weighted_average_price: z.string().optional(),
  time_in_force: timeInForceSchema.optional(),
  expiration_date: z.string().optional(),
  identity_id: z.string().optional(),
  identity_account_id: z.string().optional(),
  stop_price: z.string().optional(),
  recipient_profile_id: z.string().optional(),
  is_triggered: z.boolean().optional(),
});
export type Order = z.infer<typeof orderSchema>;

export const listOrdersResponseSchema = z.object({
  items: z.array(orderSchema),
  next_page_cursor: z.string().optional(),
});
export type ListOrdersResponse = z.infer<typeof listOrdersResponseSchema>;

export const executionSchema = z.looseObject({
  execution_id: z.string(),
  order_id: z.string(),
  executed_at: z.string(),
  market: z.string(),
  side: orderSideSchema,
  amount: z.string(),
  price: z.string(),
  commission: z.string(),
  commission_asset: z.string(),
  rebate: z.string(),
  rebate_asset: z.string(),
  account_id: z.string(),
  gross_trade_amount: z.string(),
});
export type Execution = z.infer<typeof executionSchema>;

export const listExecutionsResponseSchema = z.object({
  items: z.array(executionSchema),
  next_page_cursor: z.string().optional(),
});
export type ListExecutionsResponse = z.infer<typeof listExecutionsResponseSchema>;

/** RFC 7807 problem+json, the v2 error body (§11.3); 409 carries `meta.existing`. */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const marketsResponseSchema = z.object({
  markets: z.array(
    z.object({ market: z.string(), base_asset: z.string(), quote_asset: z.string(), tick_rate: z.string() }),
  ),
});
export type MarketsResponse = z.infer<typeof marketsResponseSchema>;

export const orderBookResponseSchema = z.object({
  market: z.string(),
  bids: z.array(priceLevelSchema),
  asks: z.array(priceLevelSchema),
});
export type OrderBookResponse = z.infer<typeof orderBookResponseSchema>;
