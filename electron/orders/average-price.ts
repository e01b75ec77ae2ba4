// Average prices for positions and routed orders, from BigInt cost at scale priceScale + sizeScale.
import { divRound, formatBig } from '../../shared/decimal';

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
