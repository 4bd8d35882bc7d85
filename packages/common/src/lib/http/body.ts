import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
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
    return { ok: true, text: decoder.decode(inflated.bytes) };
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
  const inflate = DECOMPRESSORS[encoding];
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

const DECOMPRESSORS: Record<string, (bytes: Buffer, options: { maxOutputLength: number }) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/** The `charset` parameter of a Content-Type, lower-cased, or undefined. */
export function declaredCharset(contentType: string | null): string | undefined {
  if (contentType === null) return undefined;
  const match = /;\s*charset\s*=\s*("([^"]*)"|[^;\s]*)/i.exec(contentType);
  const charset = (match?.[2] ?? match?.[1] ?? '').trim().toLowerCase();
  return charset === '' ? undefined : charset;
}
