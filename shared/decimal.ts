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
  if (digits.length > 16) {
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
