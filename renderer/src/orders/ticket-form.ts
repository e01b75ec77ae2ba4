// Order-ticket rules, pure so they can be tested without a window: decimal strings checked on the
// instrument's tick and lot grid (as scaled integers, never floats), order types and time in force
// offered per venue, and the exact orders.place / sor.send payload built from the form.
import { formatScaled, parseScaled } from '../../../shared/decimal';
import type { InstrumentInfo, RequestOf } from '../../../shared/contract';
import type { OrderType, TimeInForce, VenueId } from '../../../shared/domain';
import { VENUE_CAPS, postOnlyProblem, tifChoices } from './venue-caps';

const PLAIN = /^\d+(\.\d+)?$/;

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Null when text is a positive decimal on the step grid, else why not, in plain words. */
export function checkOnGrid(text: string, step: string, label: string, maxDecimals: number): string | null {
  const t = text.trim();
  if (t === '') return `${label} is required`;
  if (!PLAIN.test(t)) return `${label} must be a plain decimal such as 12.5`;
  const scale = Math.max(decimalsOf(step), maxDecimals);
  let value: number;
  let unit: number;
  try {
    if (decimalsOf(t.replace(/0+$/, '')) > maxDecimals)
      return `${label} has more than ${maxDecimals} decimal place${maxDecimals === 1 ? '' : 's'}`;
    value = parseScaled(t, scale);
    unit = parseScaled(step, scale);
    // parseScaled lets 2^53 itself through (16 digits); it is already past what the core holds.
    if (!Number.isSafeInteger(value)) throw new RangeError('too large');
  } catch {
    // The bound is what the core holds at this scale: the same words the core would answer with.
    return `${label} is too large: at most ${formatScaled(Number.MAX_SAFE_INTEGER, scale)}`;
  }
  if (value <= 0) return `${label} must be greater than zero`;
  if (unit > 0 && value % unit !== 0) return `${label} must be a multiple of ${step}`;
  return null;
}

export interface TicketForm {
  /** A venue, or 'sor' on a consolidated instrument. */
  route: VenueId | 'sor';
  side: 'buy' | 'sell';
  type: OrderType;
  timeInForce: TimeInForce;
  postOnly: boolean;
  size: string;
  price: string;
  stopPrice: string;
}

export interface TicketCheck {
  errors: Partial<
    Record<'size' | 'price' | 'stopPrice' | 'type' | 'timeInForce' | 'postOnly' | 'route', string>
  >;
  place?: RequestOf<'orders.place'>;
  sor?: RequestOf<'sor.send'>;
}

export function typeChoices(route: VenueId | 'sor'): OrderType[] {
  return route === 'sor' ? ['market', 'limit'] : VENUE_CAPS[route].orderTypes;
}

export function tifChoicesFor(route: VenueId | 'sor', type: OrderType): TimeInForce[] {
  return route === 'sor' ? ['IOC', 'FOK'] : tifChoices(route, type);
}

/**
 * Validates the form against the instrument the ticket is for. `market` is the venue market
 * symbol when route is a venue (the instrument itself, or its leg on a consolidated one).
 */
export function checkTicket(form: TicketForm, info: InstrumentInfo, market: string | undefined): TicketCheck {
  const errors: TicketCheck['errors'] = {};
  const sizeErr = checkOnGrid(form.size, info.lotSize, 'Quantity', info.sizeDecimals);
  if (sizeErr) errors.size = sizeErr;
  const needsPrice = form.type === 'limit' || form.type === 'stopLimit';
  const needsStop = form.type === 'stop' || form.type === 'stopLimit';
  if (needsPrice) {
    const e = checkOnGrid(form.price, info.tickSize, 'Price', info.priceDecimals);
    if (e) errors.price = e;
  }
  if (needsStop) {
    const e = checkOnGrid(form.stopPrice, info.tickSize, 'Stop price', info.priceDecimals);
    if (e) errors.stopPrice = e;
  }
  if (!typeChoices(form.route).includes(form.type))
    errors.type = `${form.type} orders are not offered ${form.route === 'sor' ? 'by smart order routing' : 'at this venue'}`;
  if (!tifChoicesFor(form.route, form.type).includes(form.timeInForce))
    errors.timeInForce = `${form.timeInForce} is not available for this order`;
  if (form.postOnly) {
    const p =
      form.route === 'sor'
        ? 'smart order routing takes liquidity; no post-only'
        : postOnlyProblem(form.route, form.type, form.timeInForce);
    if (p) errors.postOnly = p;
  }
  if (form.route !== 'sor' && !market) errors.route = 'this instrument is not traded at that venue';
  if (Object.keys(errors).length > 0) return { errors };

  const size = form.size.trim();
  if (form.route === 'sor') {
    return {
      errors,
      sor: {
        canonical: info.canonical,
        side: form.side,
        size,
        ...(form.type === 'limit' ? { limitPrice: form.price.trim() } : {}),
        timeInForce: form.timeInForce,
      },
    };
  }
  return {
    errors,
    place: {
      venue: form.route,
      market: market!,
      side: form.side,
      type: form.type,
      size,
      ...(needsPrice ? { price: form.price.trim() } : {}),
      ...(needsStop ? { stopPrice: form.stopPrice.trim() } : {}),
      timeInForce: form.timeInForce,
      ...(form.postOnly ? { postOnly: true } : {}),
    },
  };
}
