import { InputError } from '@user-admin-pieces/common';
import { strongEtag, trimApiSuffix } from '../src/lib/common/client';
import { ProfileChanges, UncheckedStaffUser, UserProfile } from '../src/lib/common/types';
import { carriedFields, fieldsNotHeld, mergeProfile, parseChanges } from '../src/lib/common/update-user-body';
import { readUserPage, userLabel, userOptions } from '../src/lib/common/user-list';

const CURRENT: UncheckedStaffUser = {
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

describe('carriedFields', () => {
  it('keeps every field but the id, the profile fields and the read-only ones, values as they are', () => {
    const current: UncheckedStaffUser = {
      ...CURRENT,
      merchantId: 'm',
      lastLoginAt: null,
      createdAt: 'c',
      updatedAt: 'u',
      phone: '+1 555',
      tags: ['a'],
      address: { city: 'Bern' },
      notes: null,
    };
    expect(carriedFields(current)).toEqual({ phone: '+1 555', tags: ['a'], address: { city: 'Bern' }, notes: null });
  });
});

describe('fieldsNotHeld', () => {
  it.each<[string, ProfileChanges, string[]]>([
    ['everything held', { firstName: 'Jane', isActive: true }, []],
    ['a name in another case is not', { firstName: 'jane', lastName: 'Doe' }, ['firstName']],
    ['status and role', { role: 'Admin', isActive: false }, ['role', 'isActive']],
  ])('%s', (_name, changes, expected) => {
    expect(fieldsNotHeld(CURRENT, changes)).toEqual(expected);
  });

  it('email and role stored in another case are held', () => {
    expect(fieldsNotHeld({ ...CURRENT, email: 'JANE@Shop.example', role: 'staff' }, { email: 'jane@shop.example', role: 'Staff' })).toEqual([]);
  });

  it('a value the API stored in another type is not held', () => {
    expect(fieldsNotHeld({ ...CURRENT, isActive: 'false', firstName: 7 }, { isActive: false, firstName: '7' })).toEqual(['firstName', 'isActive']);
  });
});

describe('parseChanges', () => {
  it('leaves out blank props instead of clearing them', () => {
    expect(parseChanges({ firstName: '', lastName: null, email: undefined, role: ' ', status: 'INACTIVE' })).toEqual({ isActive: false });
  });

  it('refuses a mapped number instead of turning it into text', () => {
    expect(() => parseChanges({ firstName: 42 })).toThrow(
      expect.objectContaining({ field: 'firstName', summary: 'First name must be text, but the flow gave a number (42). Map a single text value.' }),
    );
  });
});

describe('readUserPage and userOptions', () => {
  const users = [
    { id: 'a', firstName: 'Jane', lastName: 'Doe', email: 'jane@shop.example' },
    { id: 'b', firstName: null, lastName: null, fullName: 'Bob Stone', email: 'bob@shop.example' },
    { id: 'c', firstName: 'Cy', lastName: null, email: null },
    { id: 'd', email: 'dee@shop.example' },
    { id: 'e' },
    { id: 'f', firstName: 7, lastName: ['x'], email: { a: 1 } },
    { firstName: 'No id' },
    { id: 12, firstName: 'Numeric id' },
    'not a user',
  ];
  const expected = [
    { label: 'Jane Doe <jane@shop.example>', value: 'a' },
    { label: 'Bob Stone <bob@shop.example>', value: 'b' },
    { label: 'Cy', value: 'c' },
    { label: 'dee@shop.example', value: 'd' },
    { label: 'e', value: 'e' },
    { label: 'f', value: 'f' },
  ];

  it.each([
    ['a bare array', users, false],
    ['{ items: [...], totalCount }', { items: users, totalCount: 9 }, true],
    ['{ data: [...] }', { data: users }, false],
    ['{ value: [...] } (OData)', { value: users, '@odata.count': 9 }, false],
  ])('reads %s', (_shape, body, paged) => {
    const page = readUserPage(body);
    expect(page && userOptions(page.users)).toEqual(expected);
    expect(page).toMatchObject({ entries: users.length, paged });
  });

  it('reads the paging fields, and the page size the API used', () => {
    expect(readUserPage({ items: [], totalCount: 250, page: 3, pageSize: 50 })).toEqual({
      users: [],
      entries: 0,
      paged: true,
      totalCount: 250,
      pageSize: 50,
    });
    expect(readUserPage({ items: [], totalCount: '250', pageSize: -1 })).toMatchObject({ paged: false, totalCount: undefined, pageSize: 100 });
  });

  it.each([['an object without a list', { users }], ['a string', 'users'], ['nothing', undefined], ['null', null]])(
    'gives up on %s',
    (_shape, body) => {
      expect(readUserPage(body)).toBeUndefined();
    },
  );

  it('labels First Last <email>', () => {
    expect(userLabel({ id: 'x', firstName: ' Ann ', lastName: 'Lee', email: 'ann@shop.example' })).toBe('Ann Lee <ann@shop.example>');
  });
});

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
