// The engine's props processing and validation (packages/common/testing/engine-props.ts), value by value.
import { EngineProp, processProps, processPropsOrThrow } from '@user-admin-pieces/common/testing';

const optional = (type: string): EngineProp => ({ type, required: false });
const required = (type: string): EngineProp => ({ type, required: true });

/** What one prop of this definition becomes, and what its validator says. */
function one(prop: EngineProp, value: unknown): { value: unknown; errors: string[] | undefined } {
  const { processedInput, errors } = processProps({ p: prop }, { p: value });
  return { value: processedInput['p'], errors: errors['p'] };
}

describe('text (short, long, secret)', () => {
  it.each([
    ['SHORT_TEXT', 'grace', 'grace'],
    ['SHORT_TEXT', 42, '42'],
    ['SHORT_TEXT', true, 'true'],
    ['SHORT_TEXT', ['grace@example.com'], '["grace@example.com"]'],
    ['SHORT_TEXT', { email: 'g@example.com' }, '{"email":"g@example.com"}'],
    ['LONG_TEXT', [1, 2], '[1,2]'],
    ['SECRET_TEXT', 12345, '12345'],
    ['SHORT_TEXT', '', undefined],
    ['LONG_TEXT', '', undefined],
    ['SHORT_TEXT', null, null],
    ['SHORT_TEXT', undefined, undefined],
    ['SHORT_TEXT', '  ', '  '],
  ])('optional %s: %j becomes %j, and passes', (type, given, expected) => {
    expect(one(optional(type), given)).toEqual({ value: expected, errors: undefined });
  });

  it.each([
    ['', '', undefined],
    [null, null, ['Expected string, received: null']],
    [undefined, undefined, ['Expected string, received: undefined']],
    [['a'], '["a"]', undefined],
  ])('required SHORT_TEXT: %j becomes %j', (given, expected, errors) => {
    expect(one(required('SHORT_TEXT'), given)).toEqual({ value: expected, errors });
  });

  it('has no validator for secret text', () => {
    expect(one(required('SECRET_TEXT'), null)).toEqual({ value: null, errors: undefined });
  });
});

describe('number', () => {
  it.each([
    ['7', 7, undefined],
    [7.5, 7.5, undefined],
    ['', undefined, undefined],
    [null, null, undefined],
    ['seven', NaN, ['Expected number, received: seven']],
    [[], 0, undefined],
    [true, 1, undefined],
  ])('optional: %j becomes %j', (given, expected, errors) => {
    expect(one(optional('NUMBER'), given)).toEqual({ value: expected, errors });
  });

  it('required and empty: unset, and refused', () => {
    expect(one(required('NUMBER'), '')).toEqual({ value: undefined, errors: ['Expected number, received: '] });
  });
});

describe('checkbox', () => {
  it.each([
    ['true', true, undefined],
    ['FALSE', false, undefined],
    [true, true, undefined],
    [null, null, undefined],
    ['yes', 'yes', ['Expected boolean, received: yes']],
    [1, 1, ['Expected boolean, received: 1']],
  ])('optional: %j becomes %j', (given, expected, errors) => {
    expect(one(optional('CHECKBOX'), given)).toEqual({ value: expected, errors });
  });
});

describe('dropdowns: no processing, no validation', () => {
  it.each(['DROPDOWN', 'STATIC_DROPDOWN', 'MULTI_SELECT_DROPDOWN', 'STATIC_MULTI_SELECT_DROPDOWN'])('%s', (type) => {
    expect(one(required(type), '')).toEqual({ value: '', errors: undefined });
    expect(one(required(type), undefined)).toEqual({ value: undefined, errors: undefined });
    expect(one(required(type), 'not-an-option')).toEqual({ value: 'not-an-option', errors: undefined });
    expect(one(optional(type), ['a', 1])).toEqual({ value: ['a', 1], errors: undefined });
  });
});

describe('JSON and object', () => {
  it.each([
    [optional('JSON'), '{"a":1}', { a: 1 }, undefined],
    [optional('JSON'), '<xml/>', '<xml/>', undefined],
    [optional('JSON'), [1], [1], undefined],
    [required('JSON'), '', '', ['Expected JSON, received: ']],
    [required('JSON'), null, null, ['Expected JSON, received: null']],
    [optional('OBJECT'), '{"limit":"1"}', { limit: '1' }, undefined],
    [optional('OBJECT'), 'not json', undefined, undefined],
    [optional('OBJECT'), [1], undefined, undefined],
    [required('OBJECT'), [1], undefined, ['Expected object, received: 1']],
  ])('%j: %j becomes %j', (prop, given, expected, errors) => {
    expect(one(prop, given)).toEqual({ value: expected, errors });
  });
});

describe('the whole input', () => {
  const props = { userId: required('DROPDOWN'), email: optional('SHORT_TEXT'), count: optional('NUMBER'), name: required('SHORT_TEXT') };

  it('processes only the keys present, and passes keys that are not props (the connection under auth)', () => {
    const auth = { type: 'CUSTOM_AUTH', props: { token: 't' } };
    const { processedInput, errors } = processProps(props, { userId: 'u', email: '', auth });
    expect(processedInput).toEqual({ userId: 'u', email: undefined, auth });
    expect(Object.keys(processedInput)).toEqual(['userId', 'email', 'auth']);
    // A required prop that is absent is not validated: the engine walks the input, not the props.
    expect(errors).toEqual({});
  });

  it('throws before run with every error, in input order, as indented JSON', () => {
    expect(() => processPropsOrThrow(props, { name: null, count: 'x' })).toThrow(
      JSON.stringify({ name: ['Expected string, received: null'], count: ['Expected number, received: x'] }, null, 2),
    );
  });

  it('does not change the input it was given', () => {
    const input = { email: ['a@example.com'] };
    processProps(props, input);
    expect(input).toEqual({ email: ['a@example.com'] });
  });
});
