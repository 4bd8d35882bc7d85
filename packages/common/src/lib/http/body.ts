import type * as Zlib from 'node:zlib';
import { ResponseHeaders } from './transport';

/**
 * Turning the bytes of a response into text, exactly or not at all. A record the piece reads and
 * writes back must survive the trip: "José" sent as ISO-8859-1 and decoded as UTF-8 would come back
 * as "Jos\uFFFD", so the declared charset is honoured and an undecodable body is refused.
 */

export type DecodedBody =
  | { ok: true; text: string }
  | { ok: false; reason: string; tooLarge?: boolean };

/**
 * Decompresses (the piece asks for no encoding, but some servers compress anyway) and decodes the
 * body. `exact` refuses bytes that are not valid in the declared charset; without it they become
 * U+FFFD, which is good enough for quoting an error page.
 */
export function decodeBody(bytes: Buffer, headers: ResponseHeaders, maxBytes: number, exact: boolean): DecodedBody {
  const inflated = decompress(bytes, headers.get('content-encoding'), maxBytes);
  if (!inflated.ok) return inflated;
  const charset = declaredCharset(headers.get('content-type')) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    // The BOM, if any, is dropped: JSON.parse would otherwise refuse the body.
    decoder = new TextDecoder(charset, { fatal: exact });
  } catch {
    return { ok: false, reason: `declares the charset "${charset.slice(0, 40)}", which cannot be decoded here` };
  }
  try {
    // Node 20's ICU decodes windows-1252 (which the WHATWG labels latin1, iso-8859-1 and us-ascii
    // also name) as ISO-8859-1: "€" would become U+0080 with no error. Decoded here instead.
    const text = decoder.encoding === 'windows-1252' ? decodeWindows1252(inflated.bytes) : decoder.decode(inflated.bytes);
    return { ok: true, text };
  } catch {
    return { ok: false, reason: `is not valid ${decoder.encoding} text, so it cannot be read exactly` };
  }
}

function decompress(
  bytes: Buffer,
  encodingHeader: string | null,
  maxBytes: number,
): { ok: true; bytes: Buffer } | { ok: false; reason: string; tooLarge?: boolean } {
  const encoding = (encodingHeader ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity' || bytes.length === 0) return { ok: true, bytes };
  const inflate = DECOMPRESSORS[encoding]?.();
  if (inflate === undefined) {
    return { ok: false, reason: `is encoded as "${encoding.slice(0, 40)}", which this piece cannot read` };
  }
  try {
    // The output is capped like the body itself: a small compressed body can expand without bound.
    return { ok: true, bytes: inflate(bytes, { maxOutputLength: maxBytes }) };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      return { ok: false, reason: `expands to more than ${maxBytes / (1024 * 1024)} MiB`, tooLarge: true };
    }
    return { ok: false, reason: `says it is ${encoding}-compressed but cannot be decompressed` };
  }
}

type Decompress = (bytes: Buffer, options: { maxOutputLength: number }) => Buffer;

// node:zlib is loaded on the first compressed answer only: the piece's cold load, paid on every
// engine call, does not carry it (no provider here compresses unasked).
let zlib: typeof Zlib | undefined;
const loadZlib = (): typeof Zlib => (zlib ??= require('node:zlib') as typeof Zlib); // eslint-disable-line @typescript-eslint/no-require-imports

const DECOMPRESSORS: Record<string, () => Decompress> = {
  gzip: () => loadZlib().gunzipSync,
  'x-gzip': () => loadZlib().gunzipSync,
  deflate: () => loadZlib().inflateSync,
  br: () => loadZlib().brotliDecompressSync,
};

/** The `charset` parameter of a Content-Type, lower-cased, or undefined. */
export function declaredCharset(contentType: string | null): string | undefined {
  if (contentType === null) return undefined;
  const match = /;\s*charset\s*=\s*("([^"]*)"|[^;\s]*)/i.exec(contentType);
  const charset = (match?.[2] ?? match?.[1] ?? '').trim().toLowerCase();
  return charset === '' ? undefined : charset;
}

/** Bytes 0x80-0x9F of windows-1252; the rest of the code page is ISO-8859-1. 0 marks the five undefined bytes. */
const WINDOWS_1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Buffer): string {
  const chars: string[] = [];
  // The WHATWG decoder maps the five undefined bytes to the C1 controls of the same value.
  for (const byte of bytes) chars.push(String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? WINDOWS_1252_HIGH[byte - 0x80] || byte : byte));
  const text = chars.join('');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
