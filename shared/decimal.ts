// Money never travels as a binary float: prices and sizes are decimal strings at the edges and
// scaled integers inside. A "scale" is the number of decimal places kept; 1.25 at scale 2 is 125.
// Values are JavaScript numbers restricted to safe integers (|v| < 2^53), which is ample for
// ticks and lots and keeps hot paths free of BigInt allocation; anything larger is refused.

export class DecimalError extends Error {
  override name = 'DecimalError';
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
const EXPONENT = /^(-)?(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/;

/** Parses a decimal string exactly into an integer count of 10^-scale units. */
export function parseScaled(text: string, scale: number): number {
  if (!Number.isInteger(scale) || scale < 0 || scale > 18) throw new DecimalError(`invalid scale ${scale}`);
  const m = DECIMAL.exec(text);
  if (!m) {
    const e = EXPONENT.exec(text);
    if (!e) throw new DecimalError(`not a decimal number: ${JSON.stringify(text.slice(0, 40))}`);
    return parseScaled(expandExponent(e[1] ?? '', e[2]!, e[3] ?? '', Number(e[4])), scale);
  }
  const negative = m[1] === '-';
  const whole = m[2]!;
  let frac = m[3] ?? '';
  if (frac.length > scale) {
    if (/[^0]/.test(frac.slice(scale))) {
      throw new DecimalError(`${text} has more than ${scale} decimal places`);
    }
    frac = frac.slice(0, scale);
  }
  const digits = (whole + frac.padEnd(scale, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length >= 16) {
    const big = BigInt(digits);
    if (big > BigInt(Number.MAX_SAFE_INTEGER))
      throw new DecimalError(`${text} is too large at scale ${scale}`);
  }
  const value = Number(digits);
  return negative && value !== 0 ? -value : value;
}

function expandExponent(sign: string, whole: string, frac: string, exp: number): string {
  const digits = whole + frac;
  let point = whole.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  point = Math.max(point, 0);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Formats a scaled integer as a canonical decimal string (no trailing zeros, no exponent). */
export function formatScaled(value: number, scale: number, minDecimals = 0): string {
  if (!Number.isSafeInteger(value)) throw new DecimalError(`not a safe integer: ${value}`);
  const negative = value < 0;
  let digits = String(Math.abs(value));
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    let whole = digits.slice(0, digits.length - scale);
    let frac = digits.slice(digits.length - scale).replace(/0+$/, '');
    if (frac.length < minDecimals) frac = frac.padEnd(Math.min(minDecimals, scale), '0');
    whole = whole.replace(/^0+(?=\d)/, '');
    digits = frac ? `${whole}.${frac}` : whole;
  }
  return negative ? `-${digits}` : digits;
}

/** Changes the scale of a value exactly; refuses to drop non-zero digits. */
export function rescale(value: number, from: number, to: number): number {
  if (to === from) return value;
  if (to > from) {
    const out = value * 10 ** (to - from);
    if (!Number.isSafeInteger(out))
      throw new DecimalError(`rescale overflow: ${value} from ${from} to ${to}`);
    return out;
  }
  const div = 10 ** (from - to);
  if (value % div !== 0)
    throw new DecimalError(`rescale would lose precision: ${value} from ${from} to ${to}`);
  return value / div;
}

/** True when text is a well-formed non-negative decimal with at most `scale` places. */
export function isDecimalString(text: string, scale = 18): boolean {
  const m = DECIMAL.exec(text);
  return m !== null && m[1] === undefined && (m[3] ?? '').replace(/0+$/, '').length <= scale;
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

/** Greatest common divisor of two non-negative integers (tick grids). */
export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

// BigInt at a scale: products of price and size (notional, cost, P&L) and display aggregates can
// pass 2^53, so they are exact BigInt counts of 10^-scale units.

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
  const m = DECIMAL.exec(text);
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

// Decimal-string arithmetic at whatever scale the operands carry (display totals, notionals).

interface ExactDecimal {
  units: bigint;
  scale: number;
}

function exact(text: string): ExactDecimal {
  const trimmed = text.trim();
  const m = DECIMAL.exec(trimmed);
  if (!m) throw new DecimalError(`not a decimal number: ${JSON.stringify(text.slice(0, 40))}`);
  const scale = (m[3] ?? '').length;
  return { units: parseBig(trimmed, scale), scale };
}

function atScale(d: ExactDecimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function addDecimals(values: string[]): string {
  const parsed = values.map(exact);
  const scale = Math.max(0, ...parsed.map((p) => p.scale));
  return formatBig(
    parsed.reduce((acc, p) => acc + atScale(p, scale), 0n),
    scale,
  );
}

export function mulDecimals(a: string, b: string): string {
  const x = exact(a);
  const y = exact(b);
  return formatBig(x.units * y.units, x.scale + y.scale);
}

export function negate(a: string): string {
  return a.startsWith('-') ? a.slice(1) : a === '0' ? a : `-${a}`;
}

/** Exact quotient rounded half away from zero to `places` decimals (display only: average prices). */
export function divDecimals(a: string, b: string, places: number): string {
  const x = exact(a);
  const y = exact(b);
  // a/b = (x/10^xs) / (y/10^ys); scale the numerator so the quotient has `places` decimals.
  return formatBig(
    divRound(x.units * 10n ** BigInt(places + y.scale), y.units * 10n ** BigInt(x.scale)),
    places,
  );
}

/** Orders decimal strings; a missing or empty value sorts first. */
export function compareDecimals(a: string | undefined, b: string | undefined): number {
  if (a === undefined || a === '') return b === undefined || b === '' ? 0 : -1;
  if (b === undefined || b === '') return 1;
  const x = exact(a);
  const y = exact(b);
  const scale = Math.max(x.scale, y.scale);
  const d = atScale(x, scale) - atScale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
