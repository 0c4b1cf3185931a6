/**
 * Decoding of the C-style quoted strings strace prints: `"a\tb\"c\303\251"` → `a\tb"cé`.
 * Escapes are byte values, so octal/hex escapes are collected as bytes and decoded as UTF-8.
 */
const SIMPLE_ESCAPES: Record<string, number> = {
  n: 0x0a,
  t: 0x09,
  r: 0x0d,
  v: 0x0b,
  f: 0x0c,
  a: 0x07,
  b: 0x08,
  '"': 0x22,
  '\\': 0x5c,
  "'": 0x27,
};

export function unescapeCString(text: string): string {
  if (!text.includes('\\')) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '\\') {
      const codePoint = text.codePointAt(i) ?? 0;
      const char = String.fromCodePoint(codePoint);
      for (const byte of encoder.encode(char)) bytes.push(byte);
      i += char.length;
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[next]);
      i += 2;
    } else if (next === 'x') {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4))?.[0] ?? '';
      bytes.push(hex ? parseInt(hex, 16) : 0x78);
      i += 2 + hex.length;
    } else if (next >= '0' && next <= '7') {
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))?.[0] ?? '0';
      bytes.push(parseInt(octal, 8) & 0xff);
      i += 1 + octal.length;
    } else {
      bytes.push(0x5c);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * A copy of `text` that does not keep the string it was cut from alive. V8 represents a slice as a
 * view into its parent, so one path kept from a trace line would pin the whole 64 KB chunk the line
 * came from; over a long trace that is hundreds of megabytes.
 */
export function detach(text: string): string {
  return text.length === 0 ? '' : (` ${text}`).slice(1);
}
