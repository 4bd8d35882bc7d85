import { InputError } from '@user-admin-pieces/common';
import { ProfileChanges, UncheckedStaffUser, UserProfile } from '../src/lib/common/types';
import { carriedFields, fieldsNotHeld, mergeProfile, parseChanges, parseUserRef } from '../src/lib/common/update-user-body';

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

describe('parseUserRef', () => {
  it.each<[unknown, object]>([
    [' 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0 ', { id: '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0' }],
    ['3f2504e0-4f89-41d3-9a0c-0305e82c3301', { id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }],
    [' Grace.Hopper@Example.com\n', { email: 'Grace.Hopper@Example.com' }],
  ])('%j is %j', (raw, ref) => {
    expect(parseUserRef(raw)).toEqual(ref);
  });

  it.each(['jane', 'jane@shop', '@shop.example', 'a b@shop.example', `${'a'.repeat(250)}@shop.example`, '{3f2504e0-4f89-41d3-9a0c-0305e82c3301}'])(
    '%j is neither, and refused naming userId',
    (raw) => {
      expect(() => parseUserRef(raw)).toThrow(
        new InputError(
          'userId',
          `User "${raw.slice(0, 60)}" is neither a user id (a GUID: 8-4-4-4-12 hexadecimal digits, e.g. 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0) nor an email address.`,
        ),
      );
    },
  );
});
