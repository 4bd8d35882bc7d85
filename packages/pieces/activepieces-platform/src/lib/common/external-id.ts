import { InputError, optionalText } from '@user-admin-pieces/common';

/**
 * The most characters this piece accepts in an external id. Activepieces itself sets no limit (the
 * update body's `externalId` is a plain `Type.String()` and the column an unbounded varchar), so
 * this is ours: far above any HR or directory id, and short enough that a whole record mapped in
 * by mistake is refused rather than stored.
 */
export const EXTERNAL_ID_MAX_LENGTH = 256;

// Control characters (C0, DEL, C1), Unicode format characters (bidi marks, embeddings, overrides
// and isolates, zero-width characters, the BOM, …), line and paragraph separators, and lone
// surrogates: none is typed into an id on purpose, and each can make two ids look the same.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/**
 * An external id from the form or an earlier step, trimmed, or undefined when not given. A whole
 * number is taken as its digits (HR systems send ids as numbers); anything holding a control or
 * invisible formatting character, or longer than EXTERNAL_ID_MAX_LENGTH, is refused before any request.
 */
export function parseExternalId(raw: unknown): string | undefined {
  const externalId = optionalText(raw, 'externalId', { wholeNumbers: true });
  if (externalId === undefined) return undefined;
  const invisible = INVISIBLE_OR_CONTROL.exec(externalId);
  if (invisible !== null) {
    const codePoint = (invisible[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw new InputError(
      'externalId',
      `externalId contains an invisible or control character (U+${codePoint} at position ${[...externalId.slice(0, invisible.index)].length + 1}). Map the id as plain text, without control, bidi or zero-width characters.`,
    );
  }
  const length = [...externalId].length;
  if (length > EXTERNAL_ID_MAX_LENGTH) {
    throw new InputError('externalId', `externalId is ${length} characters long; this piece accepts at most ${EXTERNAL_ID_MAX_LENGTH}.`);
  }
  return externalId;
}
