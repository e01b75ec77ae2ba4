// Smart order routing preview: walks the consolidated book best price first and splits a parent
// order across the venues quoting each level, in each venue's own lot size. Everything is
// compared at 18 decimal places in BigInt because venues quote one instrument at different scales.
import type { SorPreview } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import type { OrderSide } from '../venues/common/adapter';
import { AVERAGE_EXTRA_DECIMALS } from './average-price';
import { divRound, formatBig, parseBig } from '../../shared/decimal';
import type { MarketSpec } from './types';

const S = 18;

export interface DepthLevel {
  /** Decimal string. */
  price: string;
  /** Who quotes this price, with the size each shows (decimal strings). */
  perVenue: { venue: VenueId; market: string; size: string }[];
}

/** The consolidated book, by canonical instrument; wired to the engine worker by the lead. */
export interface DepthSource {
  depth(canonical: string, side: 'bid' | 'ask', maxLevels: number): DepthLevel[];
}

export interface SorInput {
  canonical: string;
  side: OrderSide;
  size: string;
  limitPrice?: string;
  venues?: VenueId[];
}

export interface SorLegPlan {
  venue: VenueId;
  market: string;
  spec: MarketSpec;
  size18: bigint;
  cost36: bigint;
  worst18: bigint;
}

export const SOR_MAX_LEVELS = 200;

type SpecOf = (venue: VenueId, market: string) => MarketSpec | undefined;

export function planSplit(
  input: SorInput,
  depth: DepthSource,
  specOf: SpecOf,
): { preview: SorPreview; legs: SorLegPlan[] } {
  // A leg below its venue's minimum would be refused there; the split is planned again without
  // that venue market, so the size goes to the others (or shows as shortfall) instead.
  const excluded = new Set<string>();
  for (;;) {
    const plan = planOnce(input, depth, (v, m) => (excluded.has(`${v}:${m}`) ? undefined : specOf(v, m)));
    const small = plan.legs.filter((l) => l.size18 < minSize18(l.spec));
    if (small.length === 0) return plan;
    for (const l of small) excluded.add(`${l.venue}:${l.market}`);
  }
}

const minSize18 = (spec: MarketSpec): bigint =>
  BigInt(Math.max(spec.minSize ?? 0, 0)) * 10n ** BigInt(S - spec.sizeScale);

function planOnce(
  input: SorInput,
  depth: DepthSource,
  specOf: SpecOf,
): { preview: SorPreview; legs: SorLegPlan[] } {
  const buying = input.side === 'buy';
  const requested = parseBig(input.size, S);
  const limit = input.limitPrice !== undefined ? parseBig(input.limitPrice, S) : undefined;
  const levels = depth
    .depth(input.canonical, buying ? 'ask' : 'bid', SOR_MAX_LEVELS)
    .map((l) => ({ ...l, p: parseBig(l.price, S) }))
    .sort((a, b) => (a.p === b.p ? 0 : a.p < b.p === buying ? -1 : 1));

  const legs = new Map<string, SorLegPlan>();
  let remaining = requested;
  for (const level of levels) {
    if (remaining <= 0n) break;
    if (limit !== undefined && (buying ? level.p > limit : level.p < limit)) break;
    for (const q of level.perVenue) {
      if (remaining <= 0n) break;
      if (input.venues && !input.venues.includes(q.venue)) continue;
      const spec = specOf(q.venue, q.market);
      if (!spec) continue;
      const lot18 = BigInt(Math.max(spec.lot, 1)) * 10n ** BigInt(S - spec.sizeScale);
      const shown = parseBig(q.size, S);
      let take = shown < remaining ? shown : remaining;
      take -= take % lot18;
      if (take <= 0n) continue;
      const key = `${q.venue}:${q.market}`;
      const leg = legs.get(key) ?? {
        venue: q.venue,
        market: q.market,
        spec,
        size18: 0n,
        cost36: 0n,
        worst18: level.p,
      };
      leg.size18 += take;
      leg.cost36 += take * level.p;
      leg.worst18 = level.p;
      legs.set(key, leg);
      remaining -= take;
    }
  }

  const plans = [...legs.values()];
  const fillable = requested - remaining;
  const cost = plans.reduce((s, l) => s + l.cost36, 0n);
  const places = Math.min(S, Math.max(0, ...plans.map((l) => l.spec.priceScale)) + AVERAGE_EXTRA_DECIMALS);
  const avg = (c: bigint, size: bigint) => formatBig(divRound(c, size * 10n ** BigInt(S - places)), places);
  const worst = plans.reduce<bigint | undefined>(
    (w, l) => (w === undefined || (buying ? l.worst18 > w : l.worst18 < w) ? l.worst18 : w),
    undefined,
  );
  const preview: SorPreview = {
    canonical: input.canonical,
    side: input.side,
    requested: formatBig(requested, S),
    fillable: formatBig(fillable, S),
    shortfall: formatBig(remaining, S),
    legs: plans.map((l) => ({
      venue: l.venue,
      market: l.market,
      size: formatBig(l.size18, S),
      averagePrice: avg(l.cost36, l.size18),
      worstPrice: formatBig(l.worst18, S),
    })),
  };
  if (fillable > 0n) preview.averagePrice = avg(cost, fillable);
  if (worst !== undefined) preview.worstPrice = formatBig(worst, S);
  return { preview, legs: plans };
}

/** A leg's decimal strings at its venue's own scales, for the child order. */
export function legTerms(leg: SorLegPlan): { size: string; price: string } {
  const { spec } = leg;
  const sizeUnits = leg.size18 / 10n ** BigInt(S - spec.sizeScale);
  const tick18 = BigInt(Math.max(spec.tick, 1)) * 10n ** BigInt(S - spec.priceScale);
  // The worst level of the leg is a quoted price, so it sits on the venue's tick already;
  // rounding away from the book would only be needed for a malformed depth source.
  const worst = leg.worst18 - (leg.worst18 % tick18);
  return {
    size: formatBig(sizeUnits, spec.sizeScale),
    price: formatBig(worst / 10n ** BigInt(S - spec.priceScale), spec.priceScale),
  };
}

/**
 * The price a market order of `size` (scaled at the market's size scale) reaches in one venue
 * market's current book: the worst level it would take. Undefined when the book cannot fill it.
 */
export function reachPrice(
  depth: DepthSource,
  spec: MarketSpec,
  side: OrderSide,
  size: number,
): string | undefined {
  const buying = side === 'buy';
  const wanted = BigInt(size) * 10n ** BigInt(S - spec.sizeScale);
  const levels = depth
    .depth(spec.canonical, buying ? 'ask' : 'bid', SOR_MAX_LEVELS)
    .map((l) => ({ ...l, p: parseBig(l.price, S) }))
    .sort((a, b) => (a.p === b.p ? 0 : a.p < b.p === buying ? -1 : 1));
  let taken = 0n;
  for (const level of levels) {
    for (const q of level.perVenue) {
      if (q.venue === spec.venue && q.market === spec.market) taken += parseBig(q.size, S);
    }
    if (taken >= wanted && taken > 0n) return level.price;
  }
  return undefined;
}
