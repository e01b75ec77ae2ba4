// Validation and pre-trade risk for a new order, before any id exists or anything is journaled.
import { randomUUID } from 'node:crypto';
import { ContractError } from '../../shared/contract/errors';
import type { PlaceOrderInput, RiskLimits } from '../../shared/contract/orders';
import { DecimalError, formatBig, parseBig, parseScaled } from '../../shared/decimal';
import type { VenueId } from '../../shared/domain';
import type { OrderSide, VenueAdapter } from '../venues/common/adapter';
import { checkOrder, type RiskContext, type RiskVerdict } from './risk';
import type { MarketSpec, OrderIntent } from './types';
import { venueName } from './venue-link';

/** What checking a new order needs to know. */
export interface OrderChecks {
  adapter(venue: VenueId): VenueAdapter | undefined;
  specFor(venue: VenueId, market: string): MarketSpec | undefined;
  /**
   * The state the risk checks see; `addsOrder` is false for a modify (no new open order). A
   * market order's side and size let it be valued at the price it would reach in the book.
   */
  riskContext(spec: MarketSpec, addsOrder: boolean, market?: { side: OrderSide; size: number }): RiskContext;
  limits(): RiskLimits;
}

export interface Prepared {
  adapter: VenueAdapter;
  spec: MarketSpec;
  intent: Omit<OrderIntent, 'clientOrderId' | 'idempotencyKey' | 'parentId'>;
  verdict: RiskVerdict;
}

export function prepareOrder(
  checks: OrderChecks,
  input: PlaceOrderInput,
  parentCanonical?: string,
): Prepared {
  const adapter = checks.adapter(input.venue);
  if (!adapter) throw new ContractError('UNAVAILABLE', `${venueName(input.venue)} is not configured`);
  const spec = checks.specFor(input.venue, input.market);
  if (!spec)
    throw new ContractError('BAD_REQUEST', `${input.market} is not a market on ${venueName(input.venue)}`);
  if (parentCanonical && spec.canonical !== parentCanonical)
    throw new ContractError('BAD_REQUEST', 'market does not match the instrument');
  const caps = adapter.capabilities;
  // A market order cannot rest: IOC where the venue has it; otherwise GTC, else the venue's default.
  const preferred = input.type === 'market' && caps.timeInForce.includes('IOC') ? 'IOC' : 'GTC';
  const timeInForce =
    input.timeInForce ?? (caps.timeInForce.includes(preferred) ? preferred : caps.timeInForce[0]);
  if (!timeInForce)
    throw new ContractError('UNAVAILABLE', `${venueName(input.venue)} lists no time-in-force`);
  if (!caps.orderTypes.includes(input.type))
    throw new ContractError('REJECTED', `${venueName(input.venue)} does not accept ${input.type} orders`);
  if (!caps.timeInForce.includes(timeInForce))
    throw new ContractError('REJECTED', `${venueName(input.venue)} does not accept ${timeInForce} orders`);
  if (input.postOnly && !caps.postOnly)
    throw new ContractError('REJECTED', `${venueName(input.venue)} does not support post-only orders`);
  const size = scaled(input.size, spec.sizeScale, 'Size', spec);
  const price = input.price !== undefined ? scaled(input.price, spec.priceScale, 'Price', spec) : undefined;
  const stopPrice =
    input.stopPrice !== undefined ? scaled(input.stopPrice, spec.priceScale, 'Stop price', spec) : undefined;
  const verdict = checkOrder(
    {
      side: input.side,
      type: input.type,
      size,
      price,
      stopPrice,
      oneClick: input.oneClick,
      confirm: input.confirm,
    },
    checks.riskContext(spec, true, input.type === 'market' ? { side: input.side, size } : undefined),
    checks.limits(),
  );
  const intent: Prepared['intent'] = {
    venue: input.venue,
    market: input.market,
    canonical: spec.canonical,
    side: input.side,
    type: input.type,
    timeInForce,
    size: input.size,
    priceScale: spec.priceScale,
    sizeScale: spec.sizeScale,
    oneClick: input.oneClick,
  };
  if (input.postOnly !== undefined) intent.postOnly = input.postOnly;
  if (input.price !== undefined) intent.price = input.price;
  if (input.stopPrice !== undefined) intent.stopPrice = input.stopPrice;
  return { adapter, spec, intent, verdict };
}

/** Mints ids; the idempotency key is derived and journaled before the first send. */
export function mintIntent(p: Prepared, parentId?: string): OrderIntent {
  const clientOrderId = randomUUID();
  return {
    ...p.intent,
    clientOrderId,
    idempotencyKey: p.adapter.idempotencyKeyFor(clientOrderId),
    ...(parentId ? { parentId } : {}),
  };
}

/**
 * A size or price as the market's scaled integer, or a BAD_REQUEST naming the field and the bound:
 * too many decimals, or more than the largest value a scaled integer holds at that scale.
 */
export function scaled(text: string, scale: number, label: string, spec: MarketSpec): number {
  let big: bigint;
  try {
    big = parseBig(text, scale);
  } catch (error) {
    if (error instanceof DecimalError) {
      throw new ContractError(
        'BAD_REQUEST',
        `${label} ${text} has more decimal places than ${spec.market} allows (${scale})`,
      );
    }
    throw error;
  }
  if (big > MAX_SCALED) {
    throw new ContractError(
      'BAD_REQUEST',
      `${label} ${text} is too large for ${spec.market}: at most ${formatBig(MAX_SCALED, scale)}`,
    );
  }
  return parseScaled(text, scale);
}

const MAX_SCALED = BigInt(Number.MAX_SAFE_INTEGER);
