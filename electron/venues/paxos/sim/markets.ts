// The markets the Paxos simulator serves and how their scaled integers map to Paxos wire strings.
// Tick sizes follow the reference §6 (P10: BTCUSD 0.25, ETHUSD 0.05, PAXGUSD 0.01); amounts carry
// 8 decimals because Paxos documents 1e-8 precision for book/execution amounts and base_amount.
import type { SimMarketSpec } from '../../simkit/index';
import { formatScaled, parseScaled, isDecimalString } from '../../../../shared/decimal';

export const paxosSimMarketSpecs: SimMarketSpec[] = [
  {
    symbol: 'BTCUSD',
    priceDecimals: 2,
    sizeDecimals: 8,
    tickSize: 25,
    lotSize: 1,
    initialMid: 6_500_000,
    anchor: 'BTC-USD',
    depth: 40,
    typicalLevelSize: 50_000_000,
  },
  {
    symbol: 'ETHUSD',
    priceDecimals: 2,
    sizeDecimals: 8,
    tickSize: 5,
    lotSize: 1,
    initialMid: 320_000,
    anchor: 'ETH-USD',
    depth: 40,
    typicalLevelSize: 800_000_000,
  },
  {
    symbol: 'PAXGUSD',
    priceDecimals: 2,
    sizeDecimals: 8,
    tickSize: 1,
    lotSize: 1,
    initialMid: 265_000,
    depth: 25,
    typicalLevelSize: 300_000_000,
  },
];

export interface PaxosMarketInfo {
  market: string;
  baseAsset: string;
  quoteAsset: string;
  /** Max notional of a LIMIT order in quote units (§11.1: 1.5M for BTCUSD/ETHUSD, 1M others). */
  limitNotionalCap: number;
}

export function marketInfo(spec: SimMarketSpec): PaxosMarketInfo {
  const quoteAsset = spec.symbol.slice(-3);
  const big = spec.symbol === 'BTCUSD' || spec.symbol === 'ETHUSD';
  return {
    market: spec.symbol,
    baseAsset: spec.symbol.slice(0, -3),
    quoteAsset,
    limitNotionalCap: big ? 1_500_000 : 1_000_000,
  };
}

/** Max notional of a MARKET order in USD (§11.1). */
export const MARKET_NOTIONAL_CAP = 500_000;

export function fmtPrice(spec: SimMarketSpec, scaled: number): string {
  return formatScaled(scaled, spec.priceDecimals);
}

export function fmtAmount(spec: SimMarketSpec, scaled: number): string {
  return formatScaled(scaled, spec.sizeDecimals);
}

/** Parses a wire decimal at the market's scale; undefined when malformed or too precise. */
export function parseAt(text: string, scale: number): number | undefined {
  if (!isDecimalString(text, scale)) return undefined;
  try {
    return parseScaled(text, scale);
  } catch {
    return undefined;
  }
}

const NS_PER_MS = 1_000_000n;

/**
 * RFC 3339 with nanoseconds. Always nine fraction digits: it stays a valid RFC3339Nano time for
 * parsers, and fixed width keeps the guide's sample client, which compares `time` strings, correct.
 */
export function rfc3339Nano(ns: bigint): string {
  const ms = ns / NS_PER_MS;
  const iso = new Date(Number(ms)).toISOString(); // 2026-01-01T00:00:00.000Z
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${iso.slice(0, 19)}.${frac}Z`;
}

let lastNowNs = 0n;
/** Wall-clock nanoseconds, strictly increasing within the process. */
export function nowNs(): bigint {
  const t = BigInt(Date.now()) * NS_PER_MS;
  lastNowNs = t > lastNowNs ? t : lastNowNs + 1n;
  return lastNowNs;
}
