// Validation and pre-trade risk for a new order, before any id exists or anything is journaled.
import { ContractError } from '../../shared/contract/errors';
import type { PlaceOrderInput } from '../../shared/contract/orders';
import { DecimalError, parseScaled } from '../../shared/decimal';
import type { OrderManager, Prepared } from './manager';
import { checkOrder } from './risk';
import type { MarketSpec } from './types';
import { venueName } from './venue-link';

export function prepareOrder(m: OrderManager, input: PlaceOrderInput, parentCanonical?: string): Prepared {
  const adapter = m.adapters.get(input.venue);
  if (!adapter) throw new ContractError('UNAVAILABLE', `${venueName(input.venue)} is not configured`);
  const spec = m.specFor(input.venue, input.market);
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
  const live = m.store.liveOrders();
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
    {
      spec,
      killed: m.store.killed,
      armed: m.armed,
      mid: m.options.mids?.mid(spec.venue, spec.market, spec.canonical),
      openOnInstrument: live.filter((o) => o.intent.venue === spec.venue && o.intent.market === spec.market)
        .length,
      openTotal: live.length,
    },
    m.store.limits,
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

export function scaled(text: string, scale: number, label: string, spec: MarketSpec): number {
  try {
    return parseScaled(text, scale);
  } catch (error) {
    if (error instanceof DecimalError) {
      throw new ContractError(
        'BAD_REQUEST',
        `${label} ${text} has more decimal places than ${spec.market} allows (${scale})`,
      );
    }
    throw error;
  }
}
