// A JSON cursor for the venue scanners: walks the raw frame text with charCodeAt and turns the
// fields we need straight into scaled integers, so a hot frame never becomes an object graph.
// Everything it skips is still fully validated (skipValue), so "valid JSON" means the same here as
// for JSON.parse; anything unexpected throws ScanError, which the caller turns into a rejection.
import { DecimalError, parseScaled } from '../../shared/decimal';

export class ScanError extends Error {
  override name = 'ScanError';
}

const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const MAX_DEPTH = 64;
const POW10 = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
];

export class Cursor {
  s = '';
  i = 0;
  // Date.UTC is the costliest part of a timestamp; consecutive frames share the day.
  private dayY = -1;
  private dayM = -1;
  private dayD = -1;
  private daySec = 0;

  init(text: string): void {
    this.s = text;
    this.i = 0;
  }

  fail(msg: string): never {
    throw new ScanError(`${msg} at offset ${this.i}`);
  }

  /** Skips whitespace; returns the next char code (NaN at the end). */
  ws(): number {
    const s = this.s;
    let i = this.i;
    let c = s.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++i);
    this.i = i;
    return c;
  }

  expect(code: number): void {
    if (this.ws() !== code) this.fail(`expected '${String.fromCharCode(code)}'`);
    this.i++;
  }

  /** Consumes `{` or `[`; true when the container is empty (its closer consumed too). */
  open(code: number): boolean {
    this.expect(code);
    const close = code === LBRACE ? RBRACE : RBRACKET;
    if (this.ws() === close) {
      this.i++;
      return true;
    }
    return false;
  }

  /** After a member/element: true on ',', false on the closer; anything else fails. */
  more(close: number): boolean {
    const c = this.ws();
    this.i++;
    if (c === COMMA) return true;
    if (c === close) return false;
    this.i--;
    return this.fail(`expected ',' or '${String.fromCharCode(close)}'`);
  }

  /** At a member key: if it is exactly lit (given with quotes, e.g. '"price"'), consumes key and ':'. */
  key(lit: string): boolean {
    if (!this.s.startsWith(lit, this.i)) return false;
    this.i += lit.length;
    this.expect(COLON);
    return true;
  }

  /** Skips an unrecognised member: its key, the ':' and its value. */
  skipMember(): void {
    if (this.ws() !== QUOTE) this.fail('expected a member name');
    this.skipString();
    this.expect(COLON);
    this.skipValue(0);
  }

  end(): void {
    this.ws();
    if (this.i < this.s.length) this.fail('trailing characters');
  }

  /** At a string value: true (and consumed) when it equals lit exactly (lit includes quotes). */
  stringIs(lit: string): boolean {
    this.ws();
    if (!this.s.startsWith(lit, this.i)) return false;
    this.i += lit.length;
    return true;
  }

  readString(): string {
    if (this.ws() !== QUOTE) this.fail('expected a string');
    const start = this.i;
    const s = this.s;
    const close = s.indexOf('"', start + 1);
    if (close < 0) this.fail('unterminated string');
    let plain = true;
    for (let k = start + 1; k < close; k++) {
      const ch = s.charCodeAt(k);
      if (ch < 32 || ch === 92) {
        plain = false;
        break;
      }
    }
    if (plain) {
      this.i = close + 1;
      return s.slice(start + 1, close);
    }
    this.skipString();
    return JSON.parse(s.slice(start, this.i)) as string;
  }

  skipString(): void {
    const s = this.s;
    let i = this.i + 1;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) break;
      if (c !== c || c < 32) {
        this.i = i;
        this.fail('bad string');
      }
      if (c === 92) {
        const e = s.charCodeAt(i + 1);
        if (e === 117) {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) this.fail('bad \\u escape');
          i += 6;
          continue;
        }
        if (
          e !== 34 &&
          e !== 92 &&
          e !== 47 &&
          e !== 98 &&
          e !== 102 &&
          e !== 110 &&
          e !== 114 &&
          e !== 116
        ) {
          this.i = i;
          this.fail('bad escape');
        }
        i += 2;
        continue;
      }
      i++;
    }
    this.i = i + 1;
  }

  skipValue(depth: number): void {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = this.ws();
    if (c === QUOTE) return this.skipString();
    if (c === LBRACE) {
      if (this.open(LBRACE)) return;
      do this.skipMemberAt(depth);
      while (this.more(RBRACE));
      return;
    }
    if (c === LBRACKET) {
      if (this.open(LBRACKET)) return;
      do this.skipValue(depth + 1);
      while (this.more(RBRACKET));
      return;
    }
    if (c === 116 && this.s.startsWith('true', this.i)) this.i += 4;
    else if (c === 102 && this.s.startsWith('false', this.i)) this.i += 5;
    else if (c === 110 && this.s.startsWith('null', this.i)) this.i += 4;
    else this.numberEnd(true);
  }

  private skipMemberAt(depth: number): void {
    if (this.ws() !== QUOTE) this.fail('expected a member name');
    this.skipString();
    this.expect(COLON);
    this.skipValue(depth + 1);
  }

  /** Validates a JSON number at the cursor; moves past it when advance. Returns its end. */
  numberEnd(advance: boolean): number {
    const s = this.s;
    let i = this.i;
    if (s.charCodeAt(i) === 45) i++;
    const d0 = i;
    while (isDigit(s.charCodeAt(i))) i++;
    if (i === d0 || (i - d0 > 1 && s.charCodeAt(d0) === 48)) this.fail('bad number');
    if (s.charCodeAt(i) === 46) {
      const f0 = ++i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === f0) this.fail('bad number');
    }
    const e = s.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      const sign = s.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      const x0 = i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i === x0) this.fail('bad number');
    }
    if (advance) this.i = i;
    return i;
  }

  /**
   * Reads a decimal (a JSON string when quoted, else a bare JSON number) as an integer count of
   * 10^-scale units. Refuses non-zero digits beyond scale, negatives unless allowed, and anything
   * beyond 2^53. Exponent forms take the slow exact path through shared/decimal.
   */
  decimal(scale: number, quoted: boolean, allowNegative: boolean): number {
    const s = this.s;
    let i = this.i;
    if (quoted) {
      if (s.charCodeAt(i) !== QUOTE) {
        this.ws();
        i = this.i;
        if (s.charCodeAt(i) !== QUOTE) this.fail('expected a decimal string');
      }
      i++;
    } else if (!isDigit(s.charCodeAt(i)) && s.charCodeAt(i) !== 45) {
      this.ws();
      i = this.i;
    }
    const start = i;
    let neg = false;
    let c = s.charCodeAt(i);
    if (c === 45) {
      neg = true;
      c = s.charCodeAt(++i);
    }
    let v = 0;
    const d0 = i;
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = s.charCodeAt(++i);
    }
    if (i === d0) this.fail('expected a number');
    if (!quoted && i - d0 > 1 && s.charCodeAt(d0) === 48) this.fail('bad number');
    let fd = 0;
    let excess = false;
    if (c === 46) {
      c = s.charCodeAt(++i);
      const f0 = i;
      while (c >= 48 && c <= 57) {
        if (fd < scale) {
          v = v * 10 + (c - 48);
          fd++;
        } else if (c !== 48) excess = true;
        c = s.charCodeAt(++i);
      }
      if (i === f0) this.fail('bad number');
    }
    if (c === 101 || c === 69) return this.slowDecimal(start, scale, quoted, allowNegative);
    if (excess) this.fail(`more than ${scale} decimal places`);
    if (fd < scale) v *= POW10[scale - fd]!;
    if (quoted) {
      if (c !== QUOTE) this.fail('bad decimal string');
      i++;
    }
    if (v > Number.MAX_SAFE_INTEGER) this.fail('number too large');
    if (neg && v !== 0) {
      if (!allowNegative) this.fail('negative value');
      v = -v;
    }
    this.i = i;
    return v;
  }

  private slowDecimal(start: number, scale: number, quoted: boolean, allowNegative: boolean): number {
    this.i = start;
    const end = this.numberEnd(false);
    if (quoted && this.s.charCodeAt(end) !== QUOTE) this.fail('bad decimal string');
    let v: number;
    try {
      v = parseScaled(this.s.slice(start, end), scale);
    } catch (e) {
      if (e instanceof DecimalError) this.fail(e.message);
      throw e;
    }
    if (v < 0 && !allowNegative) this.fail('negative value');
    this.i = quoted ? end + 1 : end;
    return v;
  }

  /**
   * Reads an RFC 3339 timestamp string into whole seconds and nanoseconds (a float ms value
   * cannot hold nanoseconds, and Paxos' buffering rule compares at that precision).
   */
  time(out: { sec: number; ns: number }): void {
    if (this.ws() !== QUOTE) this.fail('expected a timestamp string');
    const s = this.s;
    const i = this.i + 1;
    const y = digits(s, i, 4);
    const mo = digits(s, i + 5, 2);
    const d = digits(s, i + 8, 2);
    const h = digits(s, i + 11, 2);
    const mi = digits(s, i + 14, 2);
    const se = digits(s, i + 17, 2);
    const t = s.charCodeAt(i + 10);
    if (
      y < 0 ||
      Math.min(h, mi, se) < 0 ||
      mo < 1 ||
      mo > 12 ||
      d < 1 ||
      d > 31 ||
      h > 23 ||
      mi > 59 ||
      se > 60 ||
      s.charCodeAt(i + 4) !== 45 ||
      s.charCodeAt(i + 7) !== 45 ||
      (t !== 84 && t !== 116 && t !== 32) ||
      s.charCodeAt(i + 13) !== COLON ||
      s.charCodeAt(i + 16) !== COLON
    ) {
      this.fail('bad timestamp');
    }
    let j = i + 19;
    let ns = 0;
    if (s.charCodeAt(j) === 46) {
      j++;
      let n = 0;
      let c = s.charCodeAt(j);
      while (c >= 48 && c <= 57) {
        if (n < 9) ns = ns * 10 + (c - 48);
        n++;
        c = s.charCodeAt(++j);
      }
      if (n === 0) this.fail('bad timestamp fraction');
      if (n < 9) ns *= POW10[9 - n]!;
    }
    let offset = 0;
    const z = s.charCodeAt(j);
    if (z === 90 || z === 122) j++;
    else if (z === 43 || z === 45) {
      const oh = digits(s, j + 1, 2);
      const om = digits(s, j + 4, 2);
      if (oh < 0 || om < 0 || s.charCodeAt(j + 3) !== COLON) this.fail('bad timestamp offset');
      offset = (z === 43 ? 1 : -1) * (oh * 3600 + om * 60);
      j += 6;
    } else this.fail('timestamp without zone');
    if (s.charCodeAt(j) !== QUOTE) this.fail('bad timestamp');
    if (y !== this.dayY || mo !== this.dayM || d !== this.dayD) {
      this.dayY = y;
      this.dayM = mo;
      this.dayD = d;
      this.daySec = Date.UTC(y, mo - 1, d) / 1000;
    }
    out.sec = this.daySec + h * 3600 + mi * 60 + se - offset;
    out.ns = ns;
    this.i = j + 1;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** n ASCII digits at i as a number, -1 if any is not a digit. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

export const CH = { QUOTE, COMMA, COLON, LBRACKET, RBRACKET, LBRACE, RBRACE };
