// Our normalised order requests → ALOR /cws command bodies (alor.md §3.5). Everything is checked
// here, before a byte is sent, so a bad request is a clear 'invalid' error and never half a command.
import type { ModifyOrderRequest, OrderType, PlaceOrderRequest, TimeInForce } from '../../common/adapter';
import { VenueError } from '../../common/adapter';
import type { AlorTimeInForce } from '../wire/alor-wire';
import { wireLots, wirePrice, type Grid } from './numbers';
import { commentFor, type OrderMeta } from './portfolio';

export interface CommandContext {
  exchange: 'MOEX' | 'SPBX';
  portfolio: string;
  stopLifetimeSeconds: number;
  now: () => number;
}

export interface MarketGrid extends Grid {
  symbol: string;
  board: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const GUID = /^[A-Za-z0-9_-]{8,64}$/;

function tif(t: TimeInForce, postOnly: boolean | undefined, type: OrderType): AlorTimeInForce {
  if (postOnly) {
    if (type !== 'limit' || t !== 'DAY')
      throw new VenueError('invalid', 'post-only (bookorcancel) needs a DAY limit order on ALOR');
    return 'bookorcancel';
  }
  switch (t) {
    case 'DAY':
      return 'oneday';
    case 'IOC':
      return 'immediateorcancel';
    case 'FOK':
      return 'fillorkill';
    default:
      // goodtillcancelled is derivatives-only on ALOR (alor.md §3.4); shares would be refused.
      throw new VenueError(
        'invalid',
        `timeInForce ${String(t)} is not available for MOEX shares (use DAY, IOC or FOK)`,
      );
  }
}

export function checkIds(clientOrderId: string, idempotencyKey: string): void {
  if (typeof clientOrderId !== 'string' || !ID.test(clientOrderId))
    throw new VenueError('invalid', 'clientOrderId must be 1–64 letters, digits, - or _');
  if (typeof idempotencyKey !== 'string' || !GUID.test(idempotencyKey))
    throw new VenueError('invalid', 'idempotencyKey must be 8–64 letters, digits, - or _');
}

function base(ctx: CommandContext, m: MarketGrid, clientOrderId: string) {
  return {
    instrument: { symbol: m.symbol, exchange: ctx.exchange, instrumentGroup: m.board },
    user: { portfolio: ctx.portfolio },
    comment: commentFor(clientOrderId),
    checkDuplicates: true,
  };
}

/** Buy stops trigger on the way up, sell stops on the way down. */
const conditionFor = (side: string) => (side === 'buy' ? 'moreorequal' : 'lessorequal');

export function createCommand(
  req: PlaceOrderRequest,
  m: MarketGrid,
  ctx: CommandContext,
): Record<string, unknown> {
  checkIds(req.clientOrderId, req.idempotencyKey);
  if (req.side !== 'buy' && req.side !== 'sell') throw new VenueError('invalid', 'side must be buy or sell');
  const quantity = wireLots(req.size);
  const common = { guid: req.idempotencyKey, side: req.side, quantity, ...base(ctx, m, req.clientOrderId) };
  switch (req.type) {
    case 'market':
      if (req.postOnly) throw new VenueError('invalid', 'a market order cannot be post-only');
      return { opcode: 'create:market', ...common, timeInForce: tif(req.timeInForce, false, 'market') };
    case 'limit':
      return {
        opcode: 'create:limit',
        ...common,
        price: wirePrice(req.price, m, 'price'),
        timeInForce: tif(req.timeInForce, req.postOnly, 'limit'),
      };
    case 'stop':
    case 'stopLimit': {
      const stop = {
        ...common,
        condition: conditionFor(req.side),
        triggerPrice: wirePrice(req.stopPrice, m, 'stopPrice'),
        stopEndUnixTime: Math.floor(ctx.now() / 1000) + ctx.stopLifetimeSeconds,
        // ALOR requires the client's margin consent on every conditional order (alor.md §3.4).
        allowMargin: true,
      };
      if (req.type === 'stop') return { opcode: 'create:stop', ...stop };
      return {
        opcode: 'create:stopLimit',
        ...stop,
        price: wirePrice(req.price, m, 'price'),
        timeInForce: tif(req.timeInForce, req.postOnly, 'limit'),
      };
    }
    default:
      throw new VenueError('invalid', `order type ${String(req.type)} is not supported`);
  }
}

/** What a modify needs to know about the order being replaced (from the order streams). */
export interface Current {
  side: 'buy' | 'sell';
  type: OrderType;
  price?: string;
  size: string;
  filled: string;
  meta?: OrderMeta;
}

/**
 * update:* on ALOR replaces the order with a new one (the simulator's reading: a new orderNumber),
 * so the quantity is the new order's: the requested size, else what is left of the old one.
 */
export function updateCommand(
  req: ModifyOrderRequest,
  cur: Current,
  m: MarketGrid,
  ctx: CommandContext,
): Record<string, unknown> {
  checkIds(req.clientOrderId, req.idempotencyKey);
  if (!ID.test(req.venueOrderId)) throw new VenueError('invalid', 'venueOrderId is malformed');
  if (req.type !== cur.type)
    throw new VenueError('invalid', `order ${req.venueOrderId} is a ${cur.type} order`);
  const remaining = String(Number(cur.size) - Number(cur.filled));
  const quantity = wireLots(req.size ?? remaining);
  const common = {
    guid: req.idempotencyKey,
    orderId: req.venueOrderId,
    side: cur.side,
    quantity,
    ...base(ctx, m, req.clientOrderId),
  };
  const price = () => wirePrice(req.price ?? cur.price, m, 'price');
  switch (cur.type) {
    case 'limit':
      return { opcode: 'update:limit', ...common, price: price() };
    case 'market':
      throw new VenueError('invalid', 'a market order cannot be modified');
    case 'stop':
    case 'stopLimit': {
      const stop = {
        ...common,
        condition: cur.meta?.condition?.toLowerCase() ?? conditionFor(cur.side),
        triggerPrice: wirePrice(cur.meta?.stopPrice, m, 'stopPrice'),
        stopEndUnixTime: Math.floor(ctx.now() / 1000) + ctx.stopLifetimeSeconds,
        allowMargin: true,
      };
      return cur.type === 'stop'
        ? { opcode: 'update:stop', ...stop }
        : { opcode: 'update:stopLimit', ...stop, price: price() };
    }
  }
}

export function deleteCommand(
  guid: string,
  venueOrderId: string,
  type: OrderType,
  ctx: CommandContext,
): Record<string, unknown> {
  if (!ID.test(venueOrderId)) throw new VenueError('invalid', 'venueOrderId is malformed');
  return {
    opcode: `delete:${type}`,
    guid,
    orderId: venueOrderId,
    exchange: ctx.exchange,
    user: { portfolio: ctx.portfolio },
    checkDuplicates: true,
  };
}
