import { checkItems, chooseItemList, InputError, itemRecord, itemTarget, MAX_BULK_ITEMS, parseBulkSettings, parseItemList, shortReason } from '../src';

const refusal = (run: () => unknown): InputError => {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
};

describe('parseItemList', () => {
  it('takes a list as the engine passes a mapped array, and JSON text of one', () => {
    const list = [{ email: 'a@x.co' }, 'id2'];
    expect(parseItemList(list, 'items')).toBe(list);
    expect(parseItemList(JSON.stringify(list), 'items')).toEqual(list);
    expect(parseItemList('  ["a"]  ', 'items')).toEqual(['a']);
  });

  it.each([
    [undefined, 'items must be a list (a JSON array, or a list mapped from an earlier step); it got nothing.'],
    ['', 'items must be a list (a JSON array, or a list mapped from an earlier step); it got nothing.'],
    [{ email: 'a@x.co' }, 'items must be a list (a JSON array, or a list mapped from an earlier step); it got an object.'],
    ['{"email":"a@x.co"}', 'items must be a list (a JSON array, or a list mapped from an earlier step); it got an object.'],
    [42, 'items must be a list (a JSON array, or a list mapped from an earlier step); it got a number (42).'],
    ['[1,', 'items is text that is not a JSON list: map a list from an earlier step, or write a JSON array such as ["id1", "id2"].'],
    [[], 'items is an empty list: there is nothing to update.'],
    ['[]', 'items is an empty list: there is nothing to update.'],
  ])('refuses %j as a whole', (raw, sentence) => {
    const error = refusal(() => parseItemList(raw, 'items'));
    expect(error.field).toBe('items');
    expect(error.message).toBe(sentence);
  });

  it(`refuses more than ${MAX_BULK_ITEMS} items`, () => {
    expect(parseItemList(new Array(MAX_BULK_ITEMS).fill('x'), 'items')).toHaveLength(MAX_BULK_ITEMS);
    expect(refusal(() => parseItemList(new Array(MAX_BULK_ITEMS + 1).fill('x'), 'userIds')).message).toBe(
      'userIds has 10,001 items, more than the 10,000 one step takes. Split the list, e.g. with a Loop over chunks.',
    );
  });
});

describe('checkItems', () => {
  it('keeps the good items with their index and makes the bad ones invalid, with the reason', () => {
    const list = [{ id: 'a' }, 'oops', { id: '' }, { id: 'd' }];
    const { checked, invalid } = checkItems(
      list,
      (item) => {
        const id = itemRecord(item)['id'];
        if (typeof id !== 'string' || id === '') throw new InputError('id', 'id is required.');
        return { target: id, value: id.toUpperCase() };
      },
      (item) => String((item as { id?: unknown })?.id ?? '(none)'),
    );
    expect(checked).toEqual([
      { index: 0, target: 'a', value: 'A' },
      { index: 3, target: 'd', value: 'D' },
    ]);
    expect(invalid).toEqual([
      { index: 1, target: '(none)', outcome: 'invalid', reason: 'An item must be a record with the user and the fields to set; this one is a string.' },
      { index: 2, target: '', outcome: 'invalid', reason: 'id is required.' },
    ]);
  });

  it('lets a bug through instead of calling it an invalid item', () => {
    expect(() =>
      checkItems(
        [1],
        () => {
          throw new TypeError('boom');
        },
        String,
      ),
    ).toThrow(TypeError);
  });
});

describe('shortReason', () => {
  it('cuts a long sentence, and names an unexpected error only by its kind', () => {
    expect(shortReason(new InputError('x', 'a'.repeat(300)))).toBe(`${'a'.repeat(199)}…`);
    expect(shortReason(new TypeError('secret details'))).toBe('unexpected error (TypeError)');
  });
});

describe('parseBulkSettings', () => {
  it('defaults to 4 at once, 480 s and every result', () => {
    expect(parseBulkSettings({})).toEqual({ concurrency: 4, budgetMs: 480_000, onlyFailures: false });
    expect(parseBulkSettings({ concurrency: '', timeBudgetSeconds: null, onlyFailures: 'yes' })).toEqual({ concurrency: 4, budgetMs: 480_000, onlyFailures: false });
  });

  it('takes settings in range', () => {
    expect(parseBulkSettings({ concurrency: 10, timeBudgetSeconds: 60, onlyFailures: true })).toEqual({ concurrency: 10, budgetMs: 60_000, onlyFailures: true });
    expect(parseBulkSettings({ concurrency: '1', timeBudgetSeconds: 1 })).toMatchObject({ concurrency: 1, budgetMs: 1_000 });
  });

  it.each([
    [{ concurrency: 0 }, 'concurrency', 'concurrency must be a whole number from 1 to 10.'],
    [{ concurrency: 11 }, 'concurrency', 'concurrency must be a whole number from 1 to 10.'],
    [{ concurrency: 2.5 }, 'concurrency', 'concurrency must be a whole number from 1 to 10.'],
    [{ timeBudgetSeconds: 481 }, 'timeBudgetSeconds', 'timeBudgetSeconds must be a whole number from 1 to 480.'],
    [{ timeBudgetSeconds: [60] }, 'timeBudgetSeconds', 'timeBudgetSeconds must be a whole number from 1 to 480.'],
  ])('refuses %j', (props, field, sentence) => {
    const error = refusal(() => parseBulkSettings(props));
    expect(error.field).toBe(field);
    expect(error.message).toBe(sentence);
  });
});

describe('chooseItemList', () => {
  it('takes exactly one of the two forms', () => {
    expect(chooseItemList([{ id: 'a' }], undefined)).toEqual({ list: [{ id: 'a' }], field: 'items' });
    expect(chooseItemList('', ['a', 'b'])).toEqual({ list: ['a', 'b'], field: 'userIds' });
    expect(chooseItemList(null, '["a"]')).toEqual({ list: ['a'], field: 'userIds' });
    for (const [items, userIds] of [
      [undefined, []],
      ['[1]', ['a']],
    ]) {
      expect(refusal(() => chooseItemList(items, userIds)).message).toBe('Give exactly one of Users and changes (items) or User IDs (userIds).');
    }
  });
});

describe('itemTarget', () => {
  it('names an item by its text or the first key it holds as text', () => {
    expect(itemTarget('  grace@example.com ', ['id'])).toBe('grace@example.com');
    expect(itemTarget({ id: ' ', email: 'a@x.co' }, ['id', 'email'])).toBe('a@x.co');
    expect(itemTarget({ name: 'x' }, ['id'])).toBe('(no user named)');
    expect(itemTarget([1], ['id'])).toBe('(not a record)');
    expect(itemTarget('x'.repeat(150), [])).toHaveLength(100);
  });
});
