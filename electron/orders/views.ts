// Internal state → contract views (decimal strings at the edge).
import type { FillView, OrderView, ParentView } from '../../shared/contract/orders';
import { formatScaled, isDecimalString } from '../../shared/decimal';
import { averagePrice } from './average-price';
import { formatBig, parseBig } from '../../shared/decimal';
import { FILL_PRICE_EXTRA } from './positions';
import type { FillRecord, Order, ParentRecord } from './types';
import { isTerminal } from './types';

export function orderView(o: Order): OrderView {
  const i = o.intent;
  const view: OrderView = {
    clientOrderId: i.clientOrderId,
    venue: i.venue,
    market: i.market,
    canonical: i.canonical,
    side: i.side,
    type: i.type,
    timeInForce: i.timeInForce,
    size: formatScaled(o.size, i.sizeScale),
    filled: formatScaled(o.filled, i.sizeScale),
    status: o.status,
    oneClick: i.oneClick,
    adopted: o.adopted,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
  if (i.parentId) view.parentId = i.parentId;
  if (o.price !== undefined) view.price = formatScaled(o.price, i.priceScale);
  if (i.stopPrice !== undefined) view.stopPrice = i.stopPrice;
  if (o.venueOrderId) view.venueOrderId = o.venueOrderId;
  if (o.reason) view.reason = o.reason.slice(0, 500);
  const avg =
    o.fillSize > 0
      ? averagePrice(o.fillCost, BigInt(o.fillSize), i.priceScale + FILL_PRICE_EXTRA)
      : o.venueAveragePrice;
  if (avg !== undefined && isDecimalString(avg)) view.averagePrice = avg;
  return view;
}

export function fillView(r: FillRecord): FillView {
  const f = r.fill;
  const view: FillView = {
    venue: f.venue,
    market: f.market,
    fillId: f.fillId,
    venueOrderId: f.venueOrderId,
    side: f.side,
    price: f.price,
    size: f.size,
    at: Math.trunc(f.at),
  };
  const cid = r.clientOrderId ?? f.clientOrderId;
  if (cid) view.clientOrderId = cid;
  if (f.fee !== undefined && /^-?\d+(\.\d+)?$/.test(f.fee)) view.fee = f.fee;
  if (f.feeCurrency) view.feeCurrency = f.feeCurrency.slice(0, 16);
  return view;
}

const S = 18;

export function parentView(p: ParentRecord, children: Order[]): ParentView {
  let filled = 0n;
  for (const c of children) filled += BigInt(c.filled) * 10n ** BigInt(S - c.intent.sizeScale);
  const size = parseBig(p.size, S);
  const done = children.every((c) => isTerminal(c.status));
  let status: ParentView['status'];
  if (filled >= size && size > 0n) status = 'filled';
  else if (!done) status = filled > 0n ? 'partially_filled' : 'working';
  else if (filled > 0n) status = 'partially_filled';
  else
    status = children.length > 0 && children.every((c) => c.status === 'rejected') ? 'rejected' : 'cancelled';
  return {
    parentId: p.parentId,
    canonical: p.canonical,
    side: p.side,
    size: p.size,
    filled: formatBig(filled, S),
    status,
    done: done || status === 'filled',
    children: p.children,
    legs: children.map((c) => ({
      clientOrderId: c.intent.clientOrderId,
      venue: c.intent.venue,
      market: c.intent.market,
      size: formatScaled(c.size, c.intent.sizeScale),
      filled: formatScaled(c.filled, c.intent.sizeScale),
      status: c.status,
      ...(c.reason ? { reason: c.reason.slice(0, 500) } : {}),
    })),
    createdAt: p.createdAt,
  };
}
