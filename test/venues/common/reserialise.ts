// Re-serialises a JSON text the way another, equally valid, sender might: other whitespace, other
// key order, escaped characters in strings and keys, a trailing newline. Numbers keep their exact
// digits (Finery's int64 values must not pass through a double).

type Node =
  | { t: 'obj'; members: [string, Node][] }
  | { t: 'arr'; items: Node[] }
  | { t: 'str'; v: string }
  | { t: 'raw'; v: string };

export interface Layout {
  seed: number;
  whitespace: boolean;
  shuffleKeys: boolean;
  escapes: boolean;
  trailingNewline: boolean;
}

function parse(text: string): Node {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): Node => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const members: [string, Node][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'obj', members };
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        i++; // ':'
        members.push([k, value()]);
        ws();
        if (text[i++] === '}') return { t: 'obj', members };
      }
    }
    if (c === '[') {
      i++;
      const items: Node[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'arr', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i++] === ']') return { t: 'arr', items };
      }
    }
    if (c === '"') return { t: 'str', v: str() };
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i))!;
    i += m[0].length;
    return { t: 'raw', v: m[0] };
  };
  const root = value();
  return root;
}

function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function reserialise(text: string, layout: Layout): string {
  const rnd = prng(layout.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const ws = () =>
    layout.whitespace
      ? Array.from({ length: pick([0, 1, 2]) }, () => pick([' ', '\n', '\t', '\r'])).join('')
      : '';
  const str = (s: string): string => {
    if (!layout.escapes) return JSON.stringify(s);
    let out = '"';
    for (const ch of s) {
      const code = ch.charCodeAt(0);
      const r = rnd();
      if (ch === '"' || ch === '\\') out += `\\${ch}`;
      else if (code < 32 || r < 0.3) {
        const hex = code.toString(16).padStart(4, '0');
        out += `\\u${rnd() < 0.5 ? hex : hex.toUpperCase()}`;
      } else if (ch === '/' && r < 0.6) out += '\\/';
      else out += ch;
    }
    return `${out}"`;
  };
  const emit = (n: Node): string => {
    switch (n.t) {
      case 'raw':
        return n.v;
      case 'str':
        return str(n.v);
      case 'arr':
        return `[${n.items.map((x) => ws() + emit(x) + ws()).join(',')}]`;
      case 'obj': {
        const members = [...n.members];
        if (layout.shuffleKeys)
          for (let k = members.length - 1; k > 0; k--) {
            const j = Math.floor(rnd() * (k + 1));
            [members[k], members[j]] = [members[j]!, members[k]!];
          }
        return `{${members.map(([k, v]) => `${ws()}${str(k)}${ws()}:${ws()}${emit(v)}${ws()}`).join(',')}}`;
      }
    }
  };
  return ws() + emit(parse(text)) + ws() + (layout.trailingNewline ? '\n' : '');
}
