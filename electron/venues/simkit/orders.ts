// Input checks and copies for our orders. Venue simulators validate their wire frames first; what
// reaches the kit is typed, so a wrong enum here is a simulator bug and throws, while a price or
// size off the grid is a trader's mistake and becomes a rejected order.

import type { OrderRecord } from './book';
import type { SimOrderRequest, SimOrderState } from './types';

const SIDES = new Set(['buy', 'sell']);
const TYPES = new Set(['limit', 'market']);
const TIFS = new Set(['GTC', 'IOC', 'FOK']);

export function onGrid(value: unknown, step: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value % step === 0;
}

export function validateRequest(req: SimOrderRequest): void {
  if (typeof req !== 'object' || req === null) throw new TypeError('order request must be an object');
  if (typeof req.orderId !== 'string' || req.orderId === '')
    throw new TypeError('orderId must be a non-empty string');
  if (typeof req.owner !== 'string') throw new TypeError(`order ${req.orderId}: owner must be a string`);
  if (!SIDES.has(req.side)) throw new TypeError(`order ${req.orderId}: side must be buy or sell`);
  if (!TYPES.has(req.type)) throw new TypeError(`order ${req.orderId}: type must be limit or market`);
  if (!TIFS.has(req.timeInForce))
    throw new TypeError(`order ${req.orderId}: timeInForce must be GTC, IOC or FOK`);
}

/** The public view of an order record (internal queue fields stripped, safe to hand out). */
export function copyOrder(rec: OrderRecord): SimOrderState {
  const out: SimOrderState = {
    orderId: rec.orderId,
    owner: rec.owner,
    side: rec.side,
    type: rec.type,
    size: rec.size,
    filled: rec.filled,
    averagePrice: rec.averagePrice,
    status: rec.status,
    timeInForce: rec.timeInForce,
    createdNs: rec.createdNs,
    updatedNs: rec.updatedNs,
  };
  if (rec.price !== undefined) out.price = rec.price;
  if (rec.rejectReason !== undefined) out.rejectReason = rec.rejectReason;
  return out;
}

export function applyFill(rec: OrderRecord, price: number, size: number, timeNs: bigint): void {
  rec.filled += size;
  rec.notional += BigInt(price) * BigInt(size);
  const filled = BigInt(rec.filled);
  // Round half up: floor((2n + f) / 2f).
  rec.averagePrice = Number((2n * rec.notional + filled) / (2n * filled));
  rec.status = rec.filled === rec.size ? 'filled' : 'partially_filled';
  rec.updatedNs = timeNs;
}
