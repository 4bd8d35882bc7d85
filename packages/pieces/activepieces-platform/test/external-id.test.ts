// The external id, in update_user and find_user: refused before any request when it holds
// characters nobody types into an id, is too long, or is a list or record mapped from a step.
import { InputError } from '@user-admin-pieces/common';
import { rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { findUserAction } from '../src/lib/actions/find-user';
import { updateUserAction } from '../src/lib/actions/update-user';
import { EXTERNAL_ID_MAX_LENGTH, parseExternalId } from '../src/lib/common/external-id';
import { authProps, queryOf, user, userId } from './helpers';

const live = useTestServer();
const { server } = live;
const connection = () => authProps(`${live.url()}/api/v1`);

/** Each action that takes an external id, run with one. */
const ACTIONS = {
  update_user: (externalId: unknown) => runActionInProcess(updateUserAction, connection(), { userId: userId(7), externalId }),
  find_user: (externalId: unknown) => runActionInProcess(findUserAction, connection(), { externalId }),
} as const;
const EACH_ACTION = Object.keys(ACTIONS) as (keyof typeof ACTIONS)[];

const invisible = (codePoint: string, position: number) =>
  `externalId contains an invisible or control character (U+${codePoint} at position ${position}). Map the id as plain text, without control, bidi or zero-width characters.`;

const REFUSED: [string, string, string][] = [
  ['a NUL (C0)', 'hr\u00001', invisible('0000', 3)],
  ['a tab inside', 'hr\t1', invisible('0009', 3)],
  ['a line break inside', 'hr\n1', invisible('000A', 3)],
  ['DEL', 'hr-1\u007f', invisible('007F', 5)],
  ['NEL (C1)', '\u0085hr-1', invisible('0085', 1)],
  ['CSI (C1)', 'hr\u009b1', invisible('009B', 3)],
  ['a left-to-right mark', 'hr-1\u200e', invisible('200E', 5)],
  ['a right-to-left mark', '\u200fhr-1', invisible('200F', 1)],
  ['a left-to-right embedding', 'hr-\u202a1', invisible('202A', 4)],
  ['a right-to-left override', 'hr-\u202e1001', invisible('202E', 4)],
  ['a first-strong isolate', 'hr-\u20681', invisible('2068', 4)],
  ['a pop directional isolate', 'hr-1\u2069x', invisible('2069', 5)],
  ['a byte-order mark inside', 'hr\ufeff-1', invisible('FEFF', 3)],
  ['a zero-width space', 'hr-\u200b1', invisible('200B', 4)],
  ['a soft hyphen', 'hr\u00ad1', invisible('00AD', 3)],
  ['a line separator', 'hr\u20281', invisible('2028', 3)],
  ['a lone surrogate', 'hr\ud8001', invisible('D800', 3)],
  ['a position counted in characters, not UTF-16 units', '😀😀\u202e', invisible('202E', 3)],
  ['257 characters', 'x'.repeat(257), 'externalId is 257 characters long; this piece accepts at most 256.'],
  ['a list mapped from a step', '["a@b.co"]', 'externalId got a list where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
  ['a record mapped from a step', '{"a":1}', 'externalId got an object where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
];

describe.each(EACH_ACTION)('%s refuses an external id with zero requests', (action) => {
  it.each(REFUSED)('%s', async (_name, externalId, sentence) => {
    const error = await rejection(ACTIONS[action](externalId));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'externalId', summary: sentence });
    expect(server.requests).toHaveLength(0);
  });
});

describe('external ids that are fine', () => {
  const ACCEPTED: [string, string][] = [
    ['brackets in text', '[Contractor] Ana'],
    ['braces in text', 'Ana {temp}'],
    ['letters of any script', 'Zoë-Ångström-名前'],
    ['emoji (not invisible)', 'team-🚀-7'],
    ['exactly 256 characters', 'y'.repeat(EXTERNAL_ID_MAX_LENGTH)],
    ['256 characters of which some take two UTF-16 units', '😀'.repeat(EXTERNAL_ID_MAX_LENGTH)],
  ];

  it.each(ACCEPTED)('update_user sends %s as it is', async (_name, externalId) => {
    server.reply(respond(200, user(7, { externalId })));
    await ACTIONS.update_user(externalId);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].body).toBe(JSON.stringify({ externalId }));
  });

  it.each(ACCEPTED)('find_user looks up %s as it is', async (_name, externalId) => {
    server.reply(respond(200, { data: [user(5, { externalId })], next: null, previous: null }));
    await expect(ACTIONS.find_user(externalId)).resolves.toMatchObject({ id: userId(5) });
    expect(queryOf(server.requests[0])).toEqual({ limit: '100', externalId });
  });

  it('surrounding white space is trimmed, not refused', () => {
    expect(parseExternalId(' \thr-1\r\n')).toBe('hr-1');
  });
});

describe('find_user email refuses a list or record mapped from a step, with zero requests', () => {
  it.each([
    ['["a@b.co"]', 'a list'],
    ['{"a":1}', 'an object'],
  ])('%s', async (email, kind) => {
    const error = await rejection(runActionInProcess(findUserAction, connection(), { email }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      field: 'email',
      summary: `email got ${kind} where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).`,
    });
    expect(server.requests).toHaveLength(0);
  });
});
