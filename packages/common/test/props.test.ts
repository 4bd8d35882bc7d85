import {
  CONNECT_FIRST,
  disabledDropdown,
  enumDropdown,
  enumOptions,
  InputError,
  isBlank,
  optionalText,
  parseEnum,
  userStatusDropdown,
} from '../src';

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

describe('dropdowns', () => {
  it('enumDropdown offers the enum in its order, with its labels', () => {
    const colour = enumDropdown({ displayName: 'Colour', description: 'Pick one.', required: false, values: COLOURS, labels: { RED: 'Red', GREEN: 'Green' } });
    expect(colour).toMatchObject({
      type: 'STATIC_DROPDOWN',
      displayName: 'Colour',
      description: 'Pick one.',
      required: false,
      options: { options: [{ label: 'Red', value: 'RED' }, { label: 'Green', value: 'GREEN' }] },
    });
  });

  it("userStatusDropdown is every piece's Status, with the piece's description", () => {
    expect(userStatusDropdown({ required: true, description: 'Inactive users cannot sign in.' })).toMatchObject({
      type: 'STATIC_DROPDOWN',
      displayName: 'Status',
      description: 'Inactive users cannot sign in.',
      required: true,
      options: {
        options: [
          { label: 'Active', value: 'ACTIVE' },
          { label: 'Inactive (revoke access)', value: 'INACTIVE' },
        ],
      },
    });
  });

  it('disabledDropdown offers nothing and says why', () => {
    expect(disabledDropdown(CONNECT_FIRST)).toEqual({ disabled: true, options: [], placeholder: 'Connect your account first' });
  });
});
