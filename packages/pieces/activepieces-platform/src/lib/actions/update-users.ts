import { createAction, Property } from '@activepieces/pieces-framework';
import {
  AuditTrail,
  BulkBudget,
  BulkItem,
  bulkSettingsProps,
  CheckedItem,
  Connection,
  diffFields,
  InputError,
  isBlank,
  ItemDone,
  ItemResult,
  isRecord,
  itemRecord,
  itemTarget,
  MAX_BULK_ITEMS,
  optionalText,
  previewOnlyProp,
  runBulkAction,
  userStatusDropdown,
  withoutFinalStop,
} from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf, getPlatformOwnerId, listUsersPage, updateUser } from '../common/client';
import { platformRoleDropdown } from '../common/props';
import { PlatformUser, UpdateUserBody } from '../common/types';
import { buildUpdateUserBody, parseUserId } from '../common/update-user-body';
import { UserRef } from '../common/user-list';
import { RefAnswer, RefResolution, resolveUserRefs } from '../common/user-refs';

export const UPDATE_USERS_AUDIT_ACTION = 'activepieces-platform/update_users';

export const updateUsersAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'update_users',
  displayName: 'Update Users (bulk)',
  description:
    'Change the status, platform role or external id of many platform users in one step, several at a time, within a time budget. Each user gets a result; users not reached come back in "remaining" for the next run. With Preview only, nothing is changed.',
  props: {
    items: Property.Json({
      displayName: 'Users and changes',
      description: `A list (mapped from an earlier step, or a JSON array) of at most ${MAX_BULK_ITEMS.toLocaleString('en-US')} records. Each names the user by "userId" (or "id"), "email" or "currentExternalId" (when it gives several, they must name the same user) and sets any of "status" (ACTIVE, INACTIVE), "platformRole" (ADMIN, MEMBER, OPERATOR) and "externalId" (the new external id), e.g. [{"email": "grace@example.com", "status": "INACTIVE"}]. Other keys are ignored. Leave empty to use User IDs instead.`,
      required: false,
    }),
    userIds: Property.Array({
      displayName: 'User IDs or emails',
      description: 'The simple form: a list of user ids (or emails, or users mapped from List Users), each getting the Status and Platform Role below. Use either this or Users and changes.',
      required: false,
    }),
    status: userStatusDropdown({
      required: false,
      description: 'Applied to every user whose item does not set its own status. Leave empty to keep each status.',
    }),
    platformRole: platformRoleDropdown({ required: false }),
    previewOnly: previewOnlyProp,
    ...bulkSettingsProps,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Updates many Activepieces platform users in one step. Input either `items`, a JSON array of {userId|email|currentExternalId, status?, platformRole?, externalId?}, or `userIds`, a list of ids or emails with one `status`/`platformRole` for all. Emails and external ids are resolved with one walk of the user list for the whole batch. Returns {done, summary, preview, counts, results [{index, target, id?, outcome, fields?, reason?}], remaining, audit}; outcomes are updated, unchanged, planned, invalid, duplicate, failed, not_reached. Items not reached within the time budget are in `remaining`, in the input\'s shape, to pass to the next run. Re-running is safe: values already held stay as they are. The platform owner cannot be deactivated; that item is refused before any write.',
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const connection = connectionOf(auth.props);
    const shared = { status: propsValue.status, platformRole: propsValue.platformRole };
    return runBulkAction(propsValue, {
      action: UPDATE_USERS_AUDIT_ACTION,
      simpleChange: () => buildUpdateUserBody(shared),
      check: (item, simple) => checkItem(item, shared, simple),
      targetOf: (item) => itemTarget(item, ['userId', 'id', 'email', 'currentExternalId']),
      resolve: (checked, { preview, budget, trail }) => resolveItems(connection, checked, preview, budget, trail),
      work: (item, preview, trail) => updateOne(connection, item, preview, trail),
    });
  },
});

interface Plan {
  body: UpdateUserBody;
  /** The user as read, when the list was read: then a no-op is seen without a write. */
  user?: PlatformUser;
}

/** An item as checked: the user it names first, and the other names it gives, which must name the same user. */
interface Checked {
  ref: UserRef;
  /** The item's key the user was named by first. */
  key: string;
  also: NamedRef[];
  body: UpdateUserBody;
}

/** A reference with the item's key it came in, for a sentence about it. */
interface NamedRef {
  key: string;
  ref: UserRef;
}

/** One item: the user it names and the body the single Update User would send for it. */
function checkItem(item: unknown, shared: { status: unknown; platformRole: unknown }, simple: UpdateUserBody | undefined): { target: string; value: Checked } {
  if (simple !== undefined) {
    if (!isRecord(item)) {
      const ref = refOfText(item);
      return { target: refText(ref), value: { ref, key: 'userIds', body: simple, also: [] } };
    }
    // A record in User IDs (a user mapped from List Users or Find User) names its user as in Users
    // and changes, and gets the one change: its own status or role are what the user holds now.
    const [first, ...also] = refsOfRecord(item);
    return { target: refText(first.ref), value: { ref: first.ref, key: first.key, body: simple, also } };
  }
  const record = itemRecord(item);
  const [first, ...also] = refsOfRecord(record);
  const body = buildUpdateUserBody({
    status: isBlank(record['status']) ? shared.status : record['status'],
    platformRole: isBlank(record['platformRole']) ? shared.platformRole : record['platformRole'],
    externalId: record['externalId'],
  });
  return { target: refText(first.ref), value: { ref: first.ref, key: first.key, body, also } };
}

/** An entry of User IDs: an email when it has an @, otherwise a user id. */
function refOfText(raw: unknown): UserRef {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  if (typeof text === 'string' && text.includes('@')) return { email: text };
  return { id: parseUserId(text) };
}

/**
 * Every name the record gives its user, in the order userId, id, email, currentExternalId. A record
 * mapped from List Users names its user by id and email at once; an offboarding list whose columns
 * slipped names two people, and guessing which one is meant would change the wrong user.
 */
function refsOfRecord(record: Record<string, unknown>): NamedRef[] {
  const refs: NamedRef[] = [];
  for (const key of ['userId', 'id']) {
    if (!isBlank(record[key])) refs.push({ key, ref: { id: parseUserId(record[key]) } });
  }
  if (refs.length === 2) {
    if (refText(refs[0].ref) !== refText(refs[1].ref)) {
      throw new InputError('items', `${namesTwoUsers}: userId ${refText(refs[0].ref)} and id ${refText(refs[1].ref)}. ${correctTheItem}`);
    }
    refs.pop();
  }
  const email = optionalText(record['email'], 'email');
  if (email !== undefined) refs.push({ key: 'email', ref: { email } });
  const externalId = optionalText(record['currentExternalId'], 'currentExternalId', { wholeNumbers: true });
  if (externalId !== undefined) refs.push({ key: 'currentExternalId', ref: { externalId } });
  if (refs.length === 0) throw new InputError('items', 'The item names no user: give "userId", "email" or "currentExternalId".');
  return refs;
}

const namesTwoUsers = 'The item names two different users';
const correctTheItem = 'Nothing is sent for it; correct the item.';

function refText(ref: UserRef): string {
  return 'id' in ref ? ref.id : 'email' in ref ? ref.email : ref.externalId;
}

/**
 * Emails and external ids become ids, with one walk of the user list for all of them (a preview,
 * and an item that names its user more than once, read every user they name). Then the owner guard
 * over the whole batch: a platform has exactly one owner (the platform's `ownerId`), and
 * Activepieces refuses to deactivate them, so refusing that one item before any write is all the
 * batch needs; no mix of other items deactivates every owner.
 */
async function resolveItems(
  connection: Connection,
  checked: CheckedItem<Checked>[],
  preview: boolean,
  budget: BulkBudget,
  trail: AuditTrail,
): Promise<{ items: BulkItem<Plan>[]; settled: ItemResult[] }> {
  const readIds = preview || checked.some((item) => item.value.also.length > 0);
  const needsLookup = readIds || checked.some((item) => !('id' in item.value.ref));
  const refs = checked.flatMap((item) => [item.value.ref, ...item.value.also.map((named) => named.ref)]);
  const resolution = needsLookup ? await resolveUserRefs(connection, refs, { readIds, deadline: budget.takeUntil, trail }) : undefined;
  const items: BulkItem<Plan>[] = [];
  const settled: ItemResult[] = [];
  for (const { index, target, value } of checked) {
    const plan = { body: value.body };
    if ('id' in value.ref && !readIds) {
      const seen = resolution?.seen(value.ref.id);
      if (seen === undefined && resolution?.walkedAll) settled.push({ index, target, outcome: 'invalid', reason: `No user with id ${value.ref.id} on this platform.` });
      else items.push({ index, target, id: value.ref.id, change: value.body, plan: { ...plan, user: seen } });
      continue;
    }
    const answer = resolution === undefined ? { unknown: 'Not looked up.' } : agreedAnswer(resolution, value);
    if ('found' in answer) items.push({ index, target, id: answer.found.id, change: value.body, plan: { ...plan, user: answer.found } });
    else if ('invalid' in answer) settled.push({ index, target, outcome: 'invalid', reason: answer.invalid });
    else settled.push({ index, target, outcome: 'not_reached', reason: answer.unknown });
  }
  const ownerId = items.some((item) => item.plan.body.status === 'INACTIVE') ? await platformOwnerId(connection, resolution?.anyUser, budget, trail) : undefined;
  const guarded = items.filter((item) => {
    if (ownerId === undefined || item.id !== ownerId || item.plan.body.status !== 'INACTIVE') return true;
    settled.push({ index: item.index, target: item.target, ...(item.id !== item.target && { id: item.id }), outcome: 'invalid', reason: OWNER_REFUSED });
    return false;
  });
  return { items: guarded, settled };
}

/** The user an item names, when every name it gives finds that same user. */
function agreedAnswer(resolution: RefResolution, value: Checked): RefAnswer {
  const first = resolution.answer(value.ref);
  if (!('found' in first)) return first;
  for (const { key, ref } of value.also) {
    const other = resolution.answer(ref);
    if ('unknown' in other) return other;
    if ('invalid' in other) return { invalid: `The item's ${namesOf(value)} do not name the same user: ${withoutFinalStop(other.invalid)}. ${correctTheItem}` };
    if (other.found.id !== first.found.id) {
      return { invalid: `${namesTwoUsers}: ${value.key} ${refText(value.ref)} is ${shownBeside(value.ref, first.found)}, ${key} ${refText(ref)} is ${shownBeside(ref, other.found)}. ${correctTheItem}` };
    }
  }
  return first;
}

function namesOf(value: Checked): string {
  const keys = [value.key, ...value.also.map((named) => named.key)];
  return `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;
}

/** The user, named by what the reference did not say: the email of an id, the id of anything else. */
function shownBeside(ref: UserRef, user: PlatformUser): string {
  return 'id' in ref ? user.email : user.id;
}

/** The single Update User's owner sentence, shortened for a result line; the item's other fields are not sent either. */
export const OWNER_REFUSED =
  'The platform owner cannot be deactivated (Activepieces refuses it), so nothing is sent for this user. Leave status empty for this user to change only the role or external id.';

/** The platform owner's id; any user read names the platform, else the newest user is read for it. */
async function platformOwnerId(connection: Connection, known: PlatformUser | undefined, budget: BulkBudget, trail: AuditTrail): Promise<string | undefined> {
  const tuning = { deadline: budget.takeUntil };
  const someone = known ?? (await listUsersPage(connection, { limit: 1 }, tuning, trail)).data[0];
  // Without a platform id the owner cannot be told here; the server still refuses that one item.
  if (!someone?.platformId) return undefined;
  return getPlatformOwnerId(connection, someone.platformId, tuning, trail);
}

/** One user, as the single Update User does it: a preview compares with the user as read; a real run sends the POST unless the read shows nothing would change. */
async function updateOne(connection: Connection, item: BulkItem<Plan>, preview: boolean, trail: AuditTrail): Promise<ItemDone> {
  const { body, user } = item.plan;
  const changing = user === undefined ? Object.keys(body) : diffFields({ ...user }, { ...body }).map((change) => change.field);
  if (changing.length === 0) return { outcome: 'unchanged', fields: [] };
  if (preview) return { outcome: 'planned', fields: changing };
  await updateUser(connection, item.id, body, trail);
  return { outcome: 'updated', fields: changing };
}
