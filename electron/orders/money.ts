// Scaled-integer helpers the order core needs beyond shared/decimal.ts: products of price and size
// (notional, cost, P&L) can pass 2^53, so they are BigInt at scale priceScale + sizeScale.
import { DecimalError, parseScaled } from '../../shared/decimal';

/** Formats a BigInt count of 10^-scale units as a canonical decimal string. */
export function formatBig(value: bigint, scale: number): string {
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = frac ? `${whole}.${frac}` : whole;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** Parses a decimal string into a BigInt at `scale`, refusing extra non-zero places. */
export function parseBig(text: string, scale: number): bigint {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new DecimalError(`not a decimal number: ${JSON.stringify(text.slice(0, 40))}`);
  let frac = m[3] ?? '';
  if (frac.length > scale) {
    if (/[^0]/.test(frac.slice(scale)))
      throw new DecimalError(`${text} has more than ${scale} decimal places`);
    frac = frac.slice(0, scale);
  }
  const v = BigInt(m[2]! + frac.padEnd(scale, '0'));
  return m[1] ? -v : v;
}

/** Integer division rounding half away from zero (display values such as average prices). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new DecimalError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** Extra places shown on derived averages so rounding stays below a tick. */
export const AVERAGE_EXTRA_DECIMALS = 4;

/** Average of cost (scale ps+ss) over size (scale ss) as a decimal string at ps + extra places. */
export function averagePrice(cost: bigint, size: bigint, priceScale: number): string | undefined {
  if (size === 0n) return undefined;
  // Never more than 18 places: that is what the contract's decimal strings carry.
  const places = Math.min(priceScale + AVERAGE_EXTRA_DECIMALS, 18);
  const shift = places - priceScale;
  const q =
    shift >= 0 ? divRound(cost * 10n ** BigInt(shift), size) : divRound(cost, size * 10n ** BigInt(-shift));
  return formatBig(q < 0n ? -q : q, places);
}

/** parseScaled that answers undefined instead of throwing, for fields of untrusted venue updates. */
export function tryScaled(text: string | undefined, scale: number): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseScaled(text, scale);
  } catch {
    return undefined;
  }
}
