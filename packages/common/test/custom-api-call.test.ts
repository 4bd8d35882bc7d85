import { InputError, pathUnderBase } from '../src';

describe('pathUnderBase', () => {
  const base = 'https://host.example.com/api';

  it.each([
    ['/v1/users', '/v1/users'],
    ['v1/users?limit=1', '/v1/users?limit=1'],
    ['https://host.example.com/api/v1/users', '/v1/users'],
    ['HTTPS://HOST.example.com/api/v1/flows?x=1', '/v1/flows?x=1'],
    ['https://host.example.com/api', '/'],
    ['/v1/things/{id}', '/v1/things/%7Bid%7D'],
  ])('sends %j as %j', (url, expected) => {
    expect(pathUnderBase(base, url)).toBe(expected);
  });

  it.each([
    'https://evil.example.com/api/v1/users',
    'https://host.example.com.evil.example/api/v1',
    '//evil.example.com/api/v1',
    'http://host.example.com/api/v1/users',
    'https://host.example.com/apix/v1',
    'https://host.example.com/other',
    '/../secret',
    '/%2e%2e/secret',
    'https://host.example.com/api/../x',
  ])('refuses %j, which leaves the base URL', (url) => {
    expect(() => pathUnderBase(base, url)).toThrow(InputError);
    expect(() => pathUnderBase(base, url)).toThrow(
      "url must stay under https://host.example.com/api; the connection's token is never sent to another address.",
    );
  });

  it('refuses an empty url', () => {
    expect(() => pathUnderBase(base, '  ')).toThrow('url is required.');
  });
});
