import { InputError } from '@user-admin-pieces/common';
import { buildUpdateUserBody, parseUserId, UpdateUserProps } from '../src/lib/common/update-user-body';

const BLANKS = [undefined, null, '', '   '];

describe('buildUpdateUserBody', () => {
  const cases: [string, UpdateUserProps, Record<string, string>][] = [
    ['status only', { status: 'INACTIVE' }, { status: 'INACTIVE' }],
    ['role only', { platformRole: 'OPERATOR' }, { platformRole: 'OPERATOR' }],
    ['external id only', { externalId: 'hr-42' }, { externalId: 'hr-42' }],
    ['status and role', { status: 'ACTIVE', platformRole: 'ADMIN' }, { status: 'ACTIVE', platformRole: 'ADMIN' }],
    ['status and external id', { status: 'INACTIVE', externalId: 'hr-1' }, { status: 'INACTIVE', externalId: 'hr-1' }],
    ['role and external id', { platformRole: 'MEMBER', externalId: 'hr-2' }, { platformRole: 'MEMBER', externalId: 'hr-2' }],
    [
      'all three',
      { status: 'INACTIVE', platformRole: 'MEMBER', externalId: 'hr-3' },
      { status: 'INACTIVE', platformRole: 'MEMBER', externalId: 'hr-3' },
    ],
    ['blank fields left out', { status: null, platformRole: '', externalId: 'x' }, { externalId: 'x' }],
    ['values mapped in another case', { status: 'inactive', platformRole: ' Operator ' }, { status: 'INACTIVE', platformRole: 'OPERATOR' }],
    ['external id trimmed', { externalId: '  hr-9 ' }, { externalId: 'hr-9' }],
    ['numeric external id as text', { externalId: 1234 }, { externalId: '1234' }],
    ['the largest exact number as text', { externalId: Number.MAX_SAFE_INTEGER }, { externalId: '9007199254740991' }],
  ];

  it.each(cases)('%s', (_name, props, expected) => {
    expect(buildUpdateUserBody(props)).toStrictEqual(expected);
  });

  it.each(BLANKS.flatMap((status) => BLANKS.map((externalId) => [status, externalId] as const)))(
    'refuses an update with nothing to change (status %p, externalId %p)',
    (status, externalId) => {
      expect(() => buildUpdateUserBody({ status, platformRole: undefined, externalId })).toThrow(
        new InputError('status, platformRole, externalId', 'Nothing to update: set at least one of status, platformRole or externalId.'),
      );
    },
  );

  it.each([
    [{ status: 'DELETED' }, 'status', 'status must be one of ACTIVE, INACTIVE (got "DELETED").'],
    [{ status: true }, 'status', 'status must be text, but the flow gave true/false (true). Map a single text value.'],
    [{ status: 1 }, 'status', 'status must be text, but the flow gave a number (1). Map a single text value.'],
    [{ status: ['ACTIVE'] }, 'status', 'status must be text, but the flow gave a list. Map a single text value.'],
    [{ status: { label: 'Active', value: 'ACTIVE' } }, 'status', 'status must be text, but the flow gave an object. Map a single text value.'],
    [{ platformRole: ['ADMIN'] }, 'platformRole', 'platformRole must be text, but the flow gave a list. Map a single text value.'],
    [{ externalId: ['hr-1'] }, 'externalId', 'externalId must be text, but the flow gave a list. Map a single text value.'],
    [{ externalId: { id: 'hr-1' } }, 'externalId', 'externalId must be text, but the flow gave an object. Map a single text value.'],
    [{ externalId: false }, 'externalId', 'externalId must be text, but the flow gave true/false (false). Map a single text value.'],
    [
      { externalId: Number.MAX_SAFE_INTEGER + 1 },
      'externalId',
      'externalId must be text: the number 9007199254740992 may already have lost digits. Map it as text.',
    ],
    [{ externalId: 12.5 }, 'externalId', 'externalId must be text, but the flow gave a number (12.5). Map a single text value.'],
    [{ platformRole: 'OWNER' }, 'platformRole', 'platformRole must be one of ADMIN, MEMBER, OPERATOR (got "OWNER").'],
    [{ status: 'ACTIVE', platformRole: 'ROOT' }, 'platformRole', 'platformRole must be one of ADMIN, MEMBER, OPERATOR (got "ROOT").'],
  ])('refuses a value outside the enum or not text: %p', (props, field, sentence) => {
    let caught: unknown;
    try {
      buildUpdateUserBody(props);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(caught).toMatchObject({ field, summary: sentence });
  });
});

describe('parseUserId', () => {
  it('accepts 21 letters and digits, trimmed', () => {
    expect(parseUserId('  aB3dE5fG7hI9jK1lM3nO5 ')).toBe('aB3dE5fG7hI9jK1lM3nO5');
  });

  it.each([
    ['', 'userId is required: pick a user, or map a user id from an earlier step.'],
    [null, 'userId is required: pick a user, or map a user id from an earlier step.'],
    ['abc', 'userId must be an Activepieces user id of 21 letters and digits (got "abc").'],
    ['aB3dE5fG7hI9jK1lM3nO-', 'userId must be an Activepieces user id of 21 letters and digits (got "aB3dE5fG7hI9jK1lM3nO-").'],
    ['../../platforms/xyz12', 'userId must be an Activepieces user id of 21 letters and digits (got "../../platforms/xyz12").'],
    ['x'.repeat(200), 'userId must be an Activepieces user id of 21 letters and digits (got a value of 200 characters).'],
    // String() of this number is 21 digits and passes the pattern: it would update another user.
    [
      Number('123456789012345678901'),
      'userId must be text, not a number: a 21-digit id loses digits as a number. Map the user id as text, e.g. the id Find User returns.',
    ],
    [42, 'userId must be text, not a number: a 21-digit id loses digits as a number. Map the user id as text, e.g. the id Find User returns.'],
    [['aB3dE5fG7hI9jK1lM3nO5'], 'userId must be text, but the flow gave a list. Map a single text value.'],
    [{ id: 'aB3dE5fG7hI9jK1lM3nO5' }, 'userId must be text, but the flow gave an object. Map a single text value.'],
    [true, 'userId must be text, but the flow gave true/false (true). Map a single text value.'],
  ])('refuses %p', (raw, sentence) => {
    expect(() => parseUserId(raw)).toThrow(new InputError('userId', sentence));
  });
});
