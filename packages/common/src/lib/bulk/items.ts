import { InputError, reasonOf } from '../http/errors';
import { isRecord } from '../http/json';
import { describeKind, isBlank } from '../props/optional';
import { ItemResult } from './outcome';

/**
 * The list a bulk step works on, as the engine delivers it: a `Property.Json` prop passes a mapped
 * array as it is and parses JSON text, and a `Property.Array` prop holds an array. Text that is
 * still JSON (mapped into a text field earlier, or quoted twice) is parsed here once more.
 */

/** The most items one step takes: 10,000 results of about 100 bytes stay far below the run's log cap. */
export const MAX_BULK_ITEMS = 10_000;

/**
 * The list of a bulk action with two forms: records of user and changes (`items`), or the simple
 * form, a list of users that all get the same change (`userIds`). Exactly one must be given.
 */
export function chooseItemList(items: unknown, userIds: unknown): { list: unknown[]; field: 'items' | 'userIds' } {
  const noIds = isBlank(userIds) || (Array.isArray(userIds) && userIds.length === 0);
  if (isBlank(items) === noIds) {
    throw new InputError('items, userIds', 'Give exactly one of Users and changes (items) or User IDs (userIds).');
  }
  if (noIds) return { list: parseItemList(items, 'items'), field: 'items' };
  // The builder's list field holds one text per entry, and an entry that maps a whole list from an
  // earlier step ({{step.ids}}) holds that list: its ids are entries of their own. An id is never a list.
  const entries = parseItemList(userIds, 'userIds').flatMap((entry) => (Array.isArray(entry) ? entry : [entry]));
  return { list: parseItemList(entries, 'userIds'), field: 'userIds' };
}

/** The whole list, refused before any request when it cannot be worked on at all. */
export function parseItemList(raw: unknown, field: string, max: number = MAX_BULK_ITEMS): unknown[] {
  const list = typeof raw === 'string' ? parseJsonList(raw, field) : raw;
  if (!Array.isArray(list)) {
    const got = list === null || list === undefined ? 'nothing' : describeKind(list);
    throw new InputError(field, `${field} must be a list (a JSON array, or a list mapped from an earlier step); it got ${got}.`);
  }
  if (list.length === 0) throw new InputError(field, `${field} is an empty list: there is nothing to update.`);
  if (list.length > max) {
    throw new InputError(
      field,
      `${field} has ${list.length.toLocaleString('en-US')} items, more than the ${max.toLocaleString('en-US')} one step takes. Split the list, e.g. with a Loop over chunks.`,
    );
  }
  return list;
}

function parseJsonList(text: string, field: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    throw new InputError(field, `${field} is text that is not a JSON list: map a list from an earlier step, or write a JSON array such as ["id1", "id2"].`);
  }
}

export interface CheckedItem<C> {
  index: number;
  /** The user as the item names them, for its result. */
  target: string;
  value: C;
}

/**
 * Every item checked before the first write: `check` returns what the item asks for or throws an
 * InputError, which makes that item `invalid` with the error's sentence while the others go on.
 */
export function checkItems<C>(
  list: readonly unknown[],
  check: (item: unknown) => { target: string; value: C },
  targetOf: (item: unknown) => string,
): { checked: CheckedItem<C>[]; invalid: ItemResult[] } {
  const checked: CheckedItem<C>[] = [];
  const invalid: ItemResult[] = [];
  list.forEach((item, index) => {
    try {
      const { target, value } = check(item);
      checked.push({ index, target: shortTarget(target), value });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      invalid.push({ index, target: targetOf(item), outcome: 'invalid', reason: shortReason(error) });
    }
  });
  return { checked, invalid };
}

/** The record an item must be; a sentence for anything else. */
export function itemRecord(item: unknown): Record<string, unknown> {
  if (isRecord(item)) return item;
  const got = item === null || item === undefined ? 'nothing' : describeKind(item);
  throw new InputError('items', `An item must be a record with the user and the fields to set; this one is ${got}.`);
}

/** How an item that could not be checked is named in its result: the text itself, or the first of `keys` it holds as text. */
export function itemTarget(item: unknown, keys: readonly string[]): string {
  if (typeof item === 'string') return shortTarget(item.trim());
  if (!isRecord(item)) return '(not a record)';
  const named = keys.map((key) => item[key]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return named === undefined ? '(no user named)' : shortTarget(named.trim());
}

/** A result's target stays within this many characters, whatever text the item named its user with. */
export const TARGET_LENGTH = 100;

/** A target (or an id a server sent) cut to TARGET_LENGTH characters. */
export function shortTarget(target: string): string {
  return target.length <= TARGET_LENGTH ? target : `${target.slice(0, TARGET_LENGTH - 1)}…`;
}

/** A result whose target, id and reason fit a result line, however long the text they quote. */
export function boundedResult(result: ItemResult): ItemResult {
  return {
    ...result,
    target: shortTarget(result.target),
    ...(result.id !== undefined && { id: shortTarget(result.id) }),
    ...(result.reason !== undefined && { reason: shortReason(result.reason) }),
  };
}

/** An item's reason (an error, or its sentence), short enough for a result line. */
export function shortReason(error: unknown, maxLength = REASON_LENGTH): string {
  const text = typeof error === 'string' ? error : reasonOf(error);
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

/** A result's reason stays within this many characters: a list of 10,000 failures must stay small. */
export const REASON_LENGTH = 200;
