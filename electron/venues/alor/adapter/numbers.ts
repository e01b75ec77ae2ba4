// ALOR sends prices and quantities as JSON numbers; these turn them into decimal strings (the
// shortest text that round-trips the double is the literal ALOR wrote) and our decimal strings
// into the JSON numbers ALOR expects, refusing anything off the instrument's grid.
import { DecimalError, formatScaled, parseScaled } from '../../../../shared/decimal';
import { VenueError } from '../../common/adapter';
import { alorDecimalSchema } from '../wire/alor-wire';

export function priceText(n: number): string {
  const r = alorDecimalSchema.safeParse(n);
  if (!r.success) throw new DecimalError(`not a price: ${n}`);
  return r.data;
}

export function signedText(n: number): string {
  return n < 0 ? `-${priceText(-n)}` : priceText(n);
}

export interface Grid {
  priceDecimals: number;
  /** Price step in 10^-priceDecimals units. */
  tickUnits: number;
}

/** A decimal price string on the market's price step → the JSON number ALOR takes. */
export function wirePrice(text: string | undefined, grid: Grid, field: string): number {
  if (text === undefined) throw new VenueError('invalid', `${field} is required`);
  let scaled: number;
  try {
    scaled = parseScaled(text, grid.priceDecimals);
  } catch (err) {
    throw new VenueError(
      'invalid',
      `${field} ${JSON.stringify(text.slice(0, 32))}: ${(err as Error).message}`,
    );
  }
  if (scaled <= 0) throw new VenueError('invalid', `${field} must be positive`);
  if (scaled % grid.tickUnits !== 0)
    throw new VenueError('invalid', `${field} ${text} is not a multiple of the price step`);
  return Number(formatScaled(scaled, grid.priceDecimals));
}

/** A size in lots (ALOR's quantity unit) → a positive int32. */
export function wireLots(text: string | undefined, field = 'size'): number {
  if (text === undefined) throw new VenueError('invalid', `${field} is required`);
  let lots: number;
  try {
    lots = parseScaled(text, 0);
  } catch {
    throw new VenueError(
      'invalid',
      `${field} ${JSON.stringify(text.slice(0, 32))} must be a whole number of lots`,
    );
  }
  if (lots <= 0 || lots > 2_147_483_647)
    throw new VenueError('invalid', `${field} must be 1..2147483647 lots`);
  return lots;
}
