// Builds the positional order / deal / position records of reference §5 from the simulator's state.
import type {
  DealRecord,
  OrderRecord,
  FineryOrderTypeCode,
  PositionRecord,
  SideCode,
} from '../wire/finery-wire';

/** Our simulated account's client id and the one counterparty all generated flow trades as. */
export const ACCOUNT_CLIENT_ID = 1;
export const SIM_COUNTERPARTY_ID = 2;
/** Reachable-position bounds reported with every position (no limits are simulated). */
export const POSITION_LIMIT = 1_000_000 * 100_000_000;

export interface OrderEntry {
  orderId: number;
  simId: string;
  instrument: string;
  type: FineryOrderTypeCode;
  side: SideCode;
  clientOrderId: bigint;
  /** 0 for market orders. */
  price: number;
  initialSize: number;
  sizeLeft: number;
  createdAt: number;
  byVolume: 0 | 1;
  cod: boolean;
  /** The WS connection the order came through (undefined for REST). */
  connId: number | undefined;
  active: boolean;
}

export interface DealEntry {
  id: number;
  instrument: string;
  moment: number;
  record: DealRecord;
}

export function orderRecord(o: OrderEntry, cancelReason: number): OrderRecord {
  return [
    o.instrument,
    o.type,
    o.side,
    cancelReason,
    o.orderId,
    o.clientOrderId,
    o.price,
    o.initialSize,
    o.sizeLeft,
    o.createdAt,
    o.byVolume,
  ];
}

export interface DealFacts {
  dealId: number;
  moment: number;
  aggressorSide: SideCode;
  price: number;
  size: number;
  volume: number;
  /** True when our order was the resting (maker) side. */
  weAreMaker: boolean;
}

/**
 * Open question 5 (trailing deal fields): the newest documented layout (reference §5, variant b) is
 * used, as the reference tells clients to read by index and tolerate extras: 23 fields, ending with
 * takerOrderOwnerId, linkedTo, dealType, makerOrderOwnerId. Older clients read a prefix by index.
 */
export function dealRecord(o: OrderEntry, cancelReason: number, d: DealFacts): DealRecord {
  const taker = d.weAreMaker ? SIM_COUNTERPARTY_ID : ACCOUNT_CLIENT_ID;
  const maker = d.weAreMaker ? ACCOUNT_CLIENT_ID : SIM_COUNTERPARTY_ID;
  return [
    o.instrument,
    o.type,
    o.side,
    cancelReason,
    o.orderId,
    o.clientOrderId,
    o.price,
    o.initialSize,
    o.sizeLeft,
    o.createdAt,
    d.moment,
    d.dealId,
    d.aggressorSide,
    d.price,
    d.size,
    d.volume,
    0,
    SIM_COUNTERPARTY_ID,
    o.byVolume,
    taker,
    0,
    0,
    maker,
  ];
}

export function positionRecord(currency: string, value: number): PositionRecord {
  return [currency, value, SIM_COUNTERPARTY_ID, POSITION_LIMIT, -POSITION_LIMIT];
}

/** Quote amount of `size` at `price`, both 1e-8 units; exact integer arithmetic, rounded down. */
export function volumeOf(price: number, size: number): number {
  return Number((BigInt(price) * BigInt(size)) / 100_000_000n);
}
