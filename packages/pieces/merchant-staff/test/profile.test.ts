import { InputError } from '@user-admin-pieces/common';
import { requireHttpsUnlessLoopback } from '../src/lib/common/client';
import { mergeProfile, parseChanges } from '../src/lib/common/profile';
import { ProfileChanges, StaffUser, UserProfile } from '../src/lib/common/types';
import { userLabel, userOptions } from '../src/lib/common/users';

const CURRENT: StaffUser = {
  id: 'u1',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@shop.example',
  role: 'Staff',
  isActive: true,
  fullName: 'Jane Doe',
};

describe('mergeProfile', () => {
  const cases: [string, ProfileChanges, UserProfile][] = [
    [
      'revoking access keeps everything else',
      { isActive: false },
      { firstName: 'Jane', lastName: 'Doe', email: 'jane@shop.example', role: 'Staff', isActive: false },
    ],
    [
      'a new role and email keep the names and status',
      { role: 'Admin', email: 'j@shop.example' },
      { firstName: 'Jane', lastName: 'Doe', email: 'j@shop.example', role: 'Admin', isActive: true },
    ],
    [
      'every field given wins over the current user',
      { firstName: 'A', lastName: 'B', email: 'a@b.example', role: 'Viewer', isActive: false },
      { firstName: 'A', lastName: 'B', email: 'a@b.example', role: 'Viewer', isActive: false },
    ],
    [
      'an explicit undefined change keeps the current value',
      { firstName: undefined, isActive: true },
      { firstName: 'Jane', lastName: 'Doe', email: 'jane@shop.example', role: 'Staff', isActive: true },
    ],
  ];

  it.each(cases)('%s', (_name, changes, expected) => {
    expect(mergeProfile(CURRENT, changes)).toEqual(expected);
  });

  it('sends only the five profile fields, never read-only ones the API returned', () => {
    expect(Object.keys(mergeProfile({ ...CURRENT, merchantId: 'm', createdAt: 'x' }, { isActive: false }))).toEqual([
      'firstName',
      'lastName',
      'email',
      'role',
      'isActive',
    ]);
  });

  it('fills a field the user lacks from the changes', () => {
    expect(mergeProfile({ ...CURRENT, lastName: null }, { lastName: 'Roe' })).toMatchObject({ lastName: 'Roe' });
  });

  it('refuses, naming every field neither side has', () => {
    const attempt = () => mergeProfile({ id: 'u1', firstName: 'Jane', lastName: '  ', email: null }, { role: 'Admin' });
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(
      expect.objectContaining({
        field: 'lastName, email, status',
        summary: 'The user has no Last name, Email or Status on record, and the API replaces the whole profile: fill in Last name, Email and Status.',
      }),
    );
  });

  it('refuses to send back a role it does not know, unless the flow sets one', () => {
    expect(() => mergeProfile({ ...CURRENT, role: 'Manager' }, { isActive: false })).toThrow(
      expect.objectContaining({
        field: 'role',
        summary: 'The user\'s current role "Manager" is not one of Owner, Admin, Staff, Viewer; choose a Role to update this user.',
      }),
    );
    expect(mergeProfile({ ...CURRENT, role: 'Manager' }, { role: 'Staff' })).toMatchObject({ role: 'Staff' });
  });
});

describe('parseChanges', () => {
  it('leaves out blank props instead of clearing them', () => {
    expect(parseChanges({ firstName: '', lastName: null, email: undefined, role: ' ', status: 'INACTIVE' })).toEqual({ isActive: false });
  });

  it('turns a mapped number into text', () => {
    expect(parseChanges({ firstName: 42 })).toEqual({ firstName: '42' });
  });
});

describe('userOptions', () => {
  const users = [
    { id: 'a', firstName: 'Jane', lastName: 'Doe', email: 'jane@shop.example' },
    { id: 'b', firstName: null, lastName: null, fullName: 'Bob Stone', email: 'bob@shop.example' },
    { id: 'c', firstName: 'Cy', lastName: null, email: null },
    { id: 'd', email: 'dee@shop.example' },
    { id: 'e' },
    { firstName: 'No id' },
    'not a user',
  ];
  const expected = [
    { label: 'Jane Doe <jane@shop.example>', value: 'a' },
    { label: 'Bob Stone <bob@shop.example>', value: 'b' },
    { label: 'Cy', value: 'c' },
    { label: 'dee@shop.example', value: 'd' },
    { label: 'e', value: 'e' },
  ];

  it.each([
    ['a bare array', users],
    ['{ items: [...] }', { items: users, totalCount: 7 }],
    ['{ data: [...] }', { data: users }],
    ['{ value: [...] } (OData)', { value: users, '@odata.count': 7 }],
  ])('reads %s', (_shape, body) => {
    expect(userOptions(body)).toEqual(expected);
  });

  it.each([['an object without a list', { users }], ['a string', 'users'], ['nothing', undefined], ['null', null]])(
    'gives up on %s',
    (_shape, body) => {
      expect(userOptions(body)).toBeUndefined();
    },
  );

  it('labels First Last <email>', () => {
    expect(userLabel({ id: 'x', firstName: ' Ann ', lastName: 'Lee', email: 'ann@shop.example' })).toBe('Ann Lee <ann@shop.example>');
  });
});

describe('base URL rule', () => {
  const rule = (raw: string) => requireHttpsUnlessLoopback(new URL(raw)).toString();

  it.each([
    ['https://shop.example.com', 'https://shop.example.com/'],
    ['https://shop.example.com/api', 'https://shop.example.com/'],
    ['https://shop.example.com/staff/API', 'https://shop.example.com/staff'],
    ['http://localhost:5000', 'http://localhost:5000/'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/'],
    ['http://127.1.2.3', 'http://127.1.2.3/'],
    ['http://[::1]:5000', 'http://[::1]:5000/'],
  ])('accepts %s', (raw, expected) => {
    expect(rule(raw)).toBe(expected);
  });

  it.each(['http://shop.example.com', 'http://10.0.0.5', 'http://localhost.evil.example', 'http://128.0.0.1'])('refuses %s', (raw) => {
    expect(() => rule(raw)).toThrow(expect.objectContaining({ field: 'baseUrl' }));
  });
});
