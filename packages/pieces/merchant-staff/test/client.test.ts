import { strongEtag, trimApiSuffix } from '../src/lib/common/client';

describe('strongEtag: what may go back as If-Match', () => {
  it.each([
    ['"3"', '"3"'],
    [' "v42" ', '"v42"'],
    ['""', '""'],
    ['W/"3"', undefined],
    ['w/"3"', undefined],
    ['3', undefined],
    ['"3', undefined],
    ['"a", "b"', undefined],
    ['"with space"', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j -> %j', (header, expected) => {
    expect(strongEtag(header)).toBe(expected);
  });
});

describe('trimApiSuffix', () => {
  const rule = (raw: string) => trimApiSuffix(new URL(raw)).toString();

  it.each([
    ['https://shop.example.com', 'https://shop.example.com/'],
    ['https://shop.example.com/api', 'https://shop.example.com/'],
    ['https://shop.example.com/staff/API', 'https://shop.example.com/staff'],
    ['https://shop.example.com/apis', 'https://shop.example.com/apis'],
    ['https://shop.example.com/api/v2', 'https://shop.example.com/api/v2'],
    ['https://shop.example.com/api/Users', 'https://shop.example.com/'],
    ['https://shop.example.com/API/users', 'https://shop.example.com/'],
    ['https://shop.example.com/staff/api/Users', 'https://shop.example.com/staff'],
    ['https://shop.example.com/api/Users/v2', 'https://shop.example.com/api/Users/v2'],
    ['https://shop.example.com/Users', 'https://shop.example.com/Users'],
  ])('%s -> %s', (raw, expected) => {
    expect(rule(raw)).toBe(expected);
  });
});
