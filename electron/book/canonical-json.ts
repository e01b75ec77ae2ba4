// The layout-free reading of a venue frame. Scanners and adapters match the exact byte layout a
// venue sends because that is fast; JSON itself promises no layout (whitespace, escapes, a trailing
// newline are all free). A frame the fast readers do not recognise is rewritten here into one
// canonical text — compact, strings with only the escapes JSON requires — and read again. Numbers
// are copied digit for digit, so int64 values beyond 2^53 survive (JSON.parse would round them).
// Key order is kept: every general path reads members in any order.

/** The canonical form of a valid JSON text, or null when it is not valid JSON. */
export function canonicalJson(text: string): string | null {
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  let out = '';
  let from = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      out += text.slice(from, i);
      from = i + 1;
    } else if (c === 34) {
      let j = i + 1;
      let escaped = false;
      for (;;) {
        const d = text.charCodeAt(j);
        if (d === 34) break;
        if (d === 92) {
          escaped = true;
          j += 2;
        } else j++;
      }
      if (escaped) {
        out += text.slice(from, i) + JSON.stringify(JSON.parse(text.slice(i, j + 1)) as string);
        from = j + 1;
      }
      i = j;
    }
  }
  return out + text.slice(from);
}

/** canonicalJson, but null also when the text already is canonical (nothing new to read). */
export function recanonicalised(text: string): string | null {
  const canon = canonicalJson(text);
  return canon === null || canon === text ? null : canon;
}
