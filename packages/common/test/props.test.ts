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

  it('refuses anything else, naming the field and the allowed values', () => {
    expect(() => parseEnum('BLUE', COLOURS, 'colour')).toThrow(InputError);
    expect(() => parseEnum('BLUE', COLOURS, 'colour')).toThrow(
      JSON.stringify({ message: 'colour must be one of RED, GREEN (got "BLUE").', field: 'colour' }),
    );
  });
});

describe('optional values', () => {
  it.each([undefined, null, '', '   '])('treats %j as not given', (value) => {
    expect(isBlank(value)).toBe(true);
    expect(optionalText(value)).toBeUndefined();
  });

  it('trims what was given', () => {
    expect(isBlank(' a ')).toBe(false);
    expect(optionalText(' a ')).toBe('a');
    expect(isBlank(false)).toBe(false);
  });
});
