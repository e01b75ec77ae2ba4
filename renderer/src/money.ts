// Exact decimal-string arithmetic for display aggregates (sums, notionals, comparisons) using
// BigInt, so totals in the blotter never pass through a binary float.
const RE = /^(-)?(\d+)(?:\.(\d+))?$/;

interface Big {
  v: bigint;
  s: number;
}

function big(text: string): Big {
  const m = RE.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${text}`);
  const frac = m[3] ?? '';
  const v = BigInt(m[2]! + frac);
  return { v: m[1] ? -v : v, s: frac.length };
}

function align(a: Big, s: number): bigint {
  return a.v * 10n ** BigInt(s - a.s);
}

function show(v: bigint, s: number): string {
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString();
  if (s > 0) {
    digits = digits.padStart(s + 1, '0');
    const whole = digits.slice(0, -s);
    const frac = digits.slice(-s).replace(/0+$/, '');
    digits = frac ? `${whole}.${frac}` : whole;
  }
  return neg && digits !== '0' ? `-${digits}` : digits;
}

export function addDecimals(values: string[]): string {
  const parsed = values.map(big);
  const s = Math.max(0, ...parsed.map((p) => p.s));
  return show(
    parsed.reduce((acc, p) => acc + align(p, s), 0n),
    s,
  );
}

export function mulDecimals(a: string, b: string): string {
  const x = big(a);
  const y = big(b);
  return show(x.v * y.v, x.s + y.s);
}

export function negate(a: string): string {
  return a.startsWith('-') ? a.slice(1) : a === '0' ? a : `-${a}`;
}

/** Exact quotient rounded half-up to `places` decimals (display only: average prices). */
export function divDecimals(a: string, b: string, places: number): string {
  const x = big(a);
  const y = big(b);
  if (y.v === 0n) throw new Error('division by zero');
  // a/b = (x.v/10^x.s) / (y.v/10^y.s); scale the numerator so the quotient has `places` decimals.
  const num = x.v * 10n ** BigInt(places + y.s);
  const den = y.v * 10n ** BigInt(x.s);
  const neg = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const q = (n * 2n + d) / (2n * d);
  return show(neg ? -q : q, places);
}

export function compareDecimals(a: string | undefined, b: string | undefined): number {
  if (a === undefined || a === '') return b === undefined || b === '' ? 0 : -1;
  if (b === undefined || b === '') return 1;
  const x = big(a);
  const y = big(b);
  const s = Math.max(x.s, y.s);
  const d = align(x, s) - align(y, s);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
