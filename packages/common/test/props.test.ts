import { enumOptions, InputError, isBlank, optionalText, parseEnum } from '../src';

const COLOURS = ['RED', 'GREEN'] as const;

describe('enumOptions', () => {
  it('keeps the enum order and the labels', () => {
    expect(enumOptions(COLOURS, { RED: 'Red', GREEN: 'Green (go)' })).toEqual([
      { label: 'Red', value: 'RED' },
      { label: 'Green (go)', value: 'GREEN' },
    ]);
  });
});

describe('parseEnum', () => {
  it.each([
    ['RED', 'RED'],
    ['red', 'RED'],
    ['  Green ', 'GREEN'],
    [undefined, undefined],
    [null, undefined],
    ['', undefined],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseEnum(raw, COLOURS, 'colour')).toBe(expected);
  });

  it('refuses a list even when its one item would match', () => {
    expect(() => parseEnum(['RED'], COLOURS, 'colour')).toThrow('colour must be text, but the flow gave a list.');
  });

  it('refuses anything else, naming the field and the allowed values', () => {
    expect(() => parseEnum('BLUE', COLOURS, 'colour')).toThrow(InputError);
    expect(() => parseEnum('BLUE', COLOURS, 'colour')).toThrow(new InputError('colour', 'colour must be one of RED, GREEN (got "BLUE").'));
  });
});

describe('optional values', () => {
  it.each([undefined, null, '', '   '])('treats %j as not given', (value) => {
    expect(isBlank(value)).toBe(true);
    expect(optionalText(value, 'name')).toBeUndefined();
  });

  it('trims what was given', () => {
    expect(isBlank(' a ')).toBe(false);
    expect(optionalText(' a ', 'name')).toBe('a');
    expect(isBlank(false)).toBe(false);
  });

  it.each([
    [['a', 'b'], 'Name must be text, but the flow gave a list. Map a single text value.'],
    [{ id: 1 }, 'Name must be text, but the flow gave an object. Map a single text value.'],
    [42, 'Name must be text, but the flow gave a number (42). Map a single text value.'],
    [true, 'Name must be text, but the flow gave true/false (true). Map a single text value.'],
  ])('refuses %j mapped from a step, naming the field', (value, sentence) => {
    expect(() => optionalText(value, 'name', { label: 'Name' })).toThrow(new InputError('name', sentence));
  });

  it('takes a whole number as its digits only when asked, and only while it is exact', () => {
    expect(optionalText(1001, 'externalId', { wholeNumbers: true })).toBe('1001');
    expect(() => optionalText(1.5, 'externalId', { wholeNumbers: true })).toThrow('externalId must be text, but the flow gave a number (1.5).');
    expect(() => optionalText(Number("123456789012345678901"), 'externalId', { wholeNumbers: true })).toThrow(
      new InputError('externalId', 'externalId must be text: the number 123456789012345680000 may already have lost digits. Map it as text.'),
    );
  });
});
