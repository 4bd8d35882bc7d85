/**
 * Keeping the token out of everything a flow builder or a project member can read: error
 * messages and their properties, step outputs, logs. The rule: neither the token nor any
 * 8-character piece of it appears, in any case, raw or escaped (percent-encoded once or twice,
 * backslash-escaped, as HTML character references), or split by white space, wherever the server
 * echoed it (a header, a JSON field, across the cut of an excerpt).
 *
 * No pattern is built from data (a RegExp from a long token or body can exceed V8's limits and
 * throw with both inside). The text is looked at through a few views, each a linear pass that
 * keeps, for every character it shows, where that character came from in the text; a piece of the
 * token found in any view hides the part of the text it came from.
 */

export const REDACTED = '[redacted]';
/** A piece of the token this long is a leak; shorter tokens are redacted only whole. */
const PIECE_LENGTH = 8;

export type Redact = (text: string) => string;

/** A redactor for one secret. An empty secret redacts nothing. */
export function createRedactor(secret: string): Redact {
  const lower = asciiLower(secret);
  const width = Math.min(PIECE_LENGTH, lower.length);
  if (width === 0) return (text) => text;
  // A short token is only a leak as a word of its own: "ans" must not blank out "answered".
  const wholeWordOnly = lower.length < PIECE_LENGTH;
  const pieces = new Set<string>();
  // A cheap first look before any slice: the first two characters of some piece, as one number.
  const openings = new Set<number>();
  for (let i = 0; i + width <= lower.length; i++) {
    pieces.add(lower.slice(i, i + width));
    openings.add(pairAt(lower, i));
  }

  const find = (view: View, hidden: Array<[number, number]>) => {
    const chars = view.chars;
    for (let k = 0; k + width <= chars.length; k++) {
      if (width >= 2 && !openings.has(pairAt(chars, k))) continue;
      if (!pieces.has(chars.slice(k, k + width))) continue;
      if (wholeWordOnly && (isWordChar(chars[k - 1]) || isWordChar(chars[k + width]))) continue;
      hidden.push([view.start(k), view.end(k + width - 1)]);
    }
  };

  return (text: string) => {
    if (text.length < width) return text;
    const hidden: Array<[number, number]> = [];
    const raw = rawView(text);
    find(raw, hidden);
    // Most texts hold no escape and no white space: then the raw view is the only one.
    if (mayHoldEscapes(text)) {
      const decoded = decodeView(text, raw);
      find(decoded, hidden);
      // Twice: `%2553` is `%53` is `S`.
      if (mayHoldEscapes(decoded.chars)) find(decodeView(decoded.chars, decoded), hidden);
      if (SPACE_OR_NUL.test(decoded.chars)) find(compactView(decoded), hidden);
    } else if (SPACE_OR_NUL.test(text)) {
      find(compactView(raw), hidden);
    }
    return hideRanges(text, hidden);
  };
}

/** Every exact occurrence of `needle` replaced; no pattern is built from it. */
export function redactExact(text: string, needle: string): string {
  return needle === '' ? text : text.split(needle).join(REDACTED);
}

/**
 * Strings (keys included) and numbers of a parsed JSON value, with `redact` applied. Iterative, so
 * a body nested a hundred thousand levels deep cannot overflow the stack.
 */
export function redactValue<T>(value: T, redact: Redact): T {
  const root: { value: unknown } = { value };
  const stack: Array<{ holder: Record<string | number, unknown>; key: string | number }> = [{ holder: root as Record<string, unknown>, key: 'value' }];
  while (stack.length > 0) {
    const { holder, key } = stack.pop() as { holder: Record<string | number, unknown>; key: string | number };
    const item = holder[key];
    if (typeof item === 'string') {
      holder[key] = redact(item);
    } else if (typeof item === 'number') {
      const text = String(item);
      if (redact(text) !== text) holder[key] = REDACTED;
    } else if (Array.isArray(item)) {
      const copy = item.slice();
      holder[key] = copy;
      for (let i = 0; i < copy.length; i++) stack.push({ holder: copy as unknown as Record<number, unknown>, key: i });
    } else if (typeof item === 'object' && item !== null) {
      const copy: Record<string, unknown> = {};
      for (const [name, child] of Object.entries(item)) copy[redact(name)] = child;
      holder[key] = copy;
      for (const name of Object.keys(copy)) stack.push({ holder: copy, key: name });
    }
  }
  return root.value as T;
}

/**
 * A view of a text: the characters to match (ASCII lower-cased), and for the k-th of them the
 * range [start[k], end[k]) of the ORIGINAL text it stands for.
 */
interface View {
  chars: string;
  start(k: number): number;
  end(k: number): number;
}

const SPACE_OR_NUL = /[\s\0]/;

function rawView(text: string): View {
  return { chars: asciiLower(text), start: (k) => k, end: (k) => k + 1 };
}

/** The view over arrays of positions filled by a pass. */
function tableView(chars: string, start: Int32Array, end: Int32Array): View {
  return { chars, start: (k) => start[k], end: (k) => end[k] };
}

/** Two characters as one number, for a Set lookup without a slice. */
function pairAt(text: string, at: number): number {
  return text.charCodeAt(at) * 0x10000 + (text.charCodeAt(at + 1) || 0);
}

function mayHoldEscapes(text: string): boolean {
  return text.includes('%') || text.includes('\\') || text.includes('&');
}

/**
 * `%41`, `\u0041`, `\/`, `&#65;`, `&#x41;` and `&amp;`-style references each become the one
 * character they stand for. `text` is what `under` shows; positions map back through it.
 */
function decodeView(text: string, under: View): View {
  const parts: string[] = [];
  const start = new Int32Array(text.length);
  const end = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    let char = text[i];
    let length = 1;
    if (char === '%' && isHex(text, i + 1, 2)) {
      char = String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
      length = 3;
    } else if (char === '\\' && text[i + 1] === 'u' && isHex(text, i + 2, 4)) {
      char = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      length = 6;
    } else if (char === '\\' && i + 1 < text.length && '"\\/'.includes(text[i + 1])) {
      char = text[i + 1];
      length = 2;
    } else if (char === '&') {
      const reference = htmlReference(text, i);
      if (reference !== undefined) [char, length] = reference;
    }
    parts.push(asciiLower(char));
    start[n] = under.start(i);
    end[n] = under.end(i + length - 1);
    n++;
    i += length;
  }
  return tableView(parts.join(''), start.subarray(0, n), end.subarray(0, n));
}

/** The view without white space and NULs: a token split by line breaks or tags (already spaces) joins up. */
function compactView(under: View): View {
  const parts: string[] = [];
  const start = new Int32Array(under.chars.length);
  const end = new Int32Array(under.chars.length);
  let n = 0;
  for (let k = 0; k < under.chars.length; k++) {
    const char = under.chars[k];
    if (SPACE_OR_NUL.test(char)) continue;
    parts.push(char);
    start[n] = under.start(k);
    end[n] = under.end(k);
    n++;
  }
  return tableView(parts.join(''), start.subarray(0, n), end.subarray(0, n));
}

const NAMED_REFERENCES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A character reference at `at` (`&#83;`, `&#x53;`, `&amp;`): the character and the reference's length. */
function htmlReference(text: string, at: number): [string, number] | undefined {
  const semicolon = text.indexOf(';', at + 1);
  if (semicolon === -1 || semicolon - at > 10) return undefined;
  const body = text.slice(at + 1, semicolon);
  let code: number | undefined;
  if (/^#\d{1,7}$/.test(body)) code = Number(body.slice(1));
  else if (/^#x[0-9a-f]{1,6}$/i.test(body)) code = parseInt(body.slice(2), 16);
  if (code !== undefined) return code <= 0x10ffff ? [String.fromCodePoint(code), semicolon - at + 1] : undefined;
  const named = NAMED_REFERENCES[body.toLowerCase()];
  return named === undefined ? undefined : [named, semicolon - at + 1];
}

/** The text with every range in `hidden` replaced by one [redacted]; overlapping ranges merge. */
function hideRanges(text: string, hidden: Array<[number, number]>): string {
  if (hidden.length === 0) return text;
  hidden.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of hidden) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  let out = '';
  let at = 0;
  for (const [from, to] of merged) {
    out += text.slice(at, from) + REDACTED;
    at = to;
  }
  return out + text.slice(at);
}

/** Lower-cases A-Z only, so the view keeps one character per character of the text. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[a-z0-9]/.test(char);
}

function isHex(text: string, from: number, count: number): boolean {
  if (from + count > text.length) return false;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i);
    const hex = (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
    if (!hex) return false;
  }
  return true;
}
