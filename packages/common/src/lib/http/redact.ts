/**
 * Keeping the token out of everything a flow builder or a project member can read: error
 * messages and their properties, step outputs, logs. The rule: neither the token nor any
 * 8-character piece of it appears, in any case, raw or percent- or backslash-escaped, wherever
 * the server echoed it (a header, a JSON field, across the cut of an excerpt).
 *
 * No pattern is built from data (a RegExp from a long token or body can exceed V8's limits and
 * throw with both inside), and the work is linear in the text: one pass over a decoded view.
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
  const pieces = new Set<string>();
  for (let i = 0; i + width <= lower.length; i++) pieces.add(lower.slice(i, i + width));
  // A cheap first filter: the first two characters of some piece.
  const starts = new Set<string>([...pieces].map((piece) => piece.slice(0, Math.min(2, width))));

  return (text: string) => {
    if (text.length < width) return text;
    const view = decodedView(text);
    const hidden: Array<[number, number]> = [];
    const chars = view.chars;
    const startWidth = Math.min(2, width);
    for (let k = 0; k + width <= chars.length; k++) {
      if (!starts.has(chars.slice(k, k + startWidth))) continue;
      if (!pieces.has(chars.slice(k, k + width))) continue;
      const from = view.start(k);
      const to = view.end(k + width - 1);
      const last = hidden[hidden.length - 1];
      if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
      else hidden.push([from, to]);
    }
    if (hidden.length === 0) return text;
    let out = '';
    let at = 0;
    for (const [from, to] of hidden) {
      out += text.slice(at, from) + REDACTED;
      at = to;
    }
    return out + text.slice(at);
  };
}

/** Every exact occurrence of `needle` replaced; no pattern is built from it. */
export function redactExact(text: string, needle: string): string {
  return needle === '' ? text : text.split(needle).join(REDACTED);
}

/** Strings (keys included) and numbers of a parsed JSON value, with `redact` applied. */
export function redactValue<T>(value: T, redact: Redact): T {
  return walk(value, redact) as T;
}

function walk(value: unknown, redact: Redact): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'number') {
    const text = String(value);
    return redact(text) === text ? value : REDACTED;
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), walk(item, redact)]));
  }
  return value;
}

interface DecodedView {
  /** The text with escapes decoded and ASCII letters lower-cased (tokens are ASCII). */
  chars: string;
  /** Where the k-th character of `chars` starts and ends in the original text. */
  start(k: number): number;
  end(k: number): number;
}

/** `%41`, `\u0041` and `\/` each count as the one character they stand for. */
function decodedView(text: string): DecodedView {
  // Most texts hold no escape at all: then the view is the text itself, with no index tables.
  if (!text.includes('%') && !text.includes('\\')) {
    return { chars: asciiLower(text), start: (k) => k, end: (k) => k + 1 };
  }
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
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
    }
    parts.push(asciiLower(char));
    starts.push(i);
    ends.push(i + length);
    i += length;
  }
  return { chars: parts.join(''), start: (k) => starts[k], end: (k) => ends[k] };
}

/** Lower-cases A-Z only, so the view keeps one character per character of the text. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
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
