import { createAction, Property } from '@activepieces/pieces-framework';
import {
  ApiError,
  AuditTrail,
  BulkBudget,
  BulkContext,
  BulkItem,
  bulkSettingsProps,
  CheckedItem,
  Connection,
  InputError,
  isBlank,
  isRecord,
  ItemDone,
  ItemResult,
  itemRecord,
  itemTarget,
  MAX_BULK_ITEMS,
  previewOnlyProp,
  runBulkAction,
  stopsTheStep,
  userStatusDropdown,
} from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { connectionOf } from '../common/client';
import { roleDropdown } from '../common/props';
import { ProfileChanges } from '../common/types';
import { updateStaffUser } from '../common/update-one-user';
import { parseChanges, parseUserRef, UserRef } from '../common/update-user-body';
import { emailKey, isActiveOwner, listIds, ListedStaffUser, notReadToTheEnd, scanStaffUsers } from '../common/user-list';

export const UPDATE_USERS_ACTION = 'merchant-staff/update_users';

export const updateUsersAction = createAction({
  auth: merchantStaffAuth,
  name: 'update_users',
  displayName: 'Update Users (bulk)',
  description:
    'Change the name, email, role or status of many staff users in one step, several at a time, within a time budget. Each user is read, merged and written as in Update User, so no field is lost. Users not reached come back in "remaining" for the next run. With Preview only, nothing is changed.',
  props: {
    items: Property.Json({
      displayName: 'Users and changes',
      description: `A list (mapped from an earlier step, or a JSON array) of at most ${MAX_BULK_ITEMS.toLocaleString('en-US')} records. Each names the user in "userId" (or "id"): a GUID, or their current email; and sets any of "firstName", "lastName", "email" (the new email), "role" (Owner, Admin, Staff, Viewer) and "status" (ACTIVE, INACTIVE), e.g. [{"userId": "grace@example.com", "status": "INACTIVE"}]. Other keys are ignored. Leave empty to use User IDs instead.`,
      required: false,
    }),
    userIds: Property.Array({
      displayName: 'User IDs or emails',
      description: 'The simple form: a list of user ids (GUIDs) or emails (or users mapped from Find User), each getting the Role and Status below. Use either this or Users and changes.',
      required: false,
    }),
    role: roleDropdown({ required: false }),
    status: userStatusDropdown({
      required: false,
      description: 'Applied to every user whose item does not set its own status. Inactive revokes access. Leave empty to keep each status.',
    }),
    previewOnly: previewOnlyProp,
    ...bulkSettingsProps,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Updates many merchant staff users in one step. Input either `items`, a JSON array of {userId (GUID or current email), firstName?, lastName?, email?, role?, status?}, or `userIds`, a list of GUIDs or emails with one `role`/`status` for all. Emails are resolved with one walk of the user list for the whole batch. Each user is read, merged and written back (GET, then PUT with If-Match), so unknown fields are kept; a user already holding the values is not written. Returns {done, summary, preview, counts, results [{index, target, id?, outcome, fields?, reason?}], remaining, audit}; outcomes are updated, unchanged, planned, invalid, duplicate, failed, not_reached. Items not reached within the time budget are in `remaining`, in the input\'s shape. A list that would deactivate or demote every active Owner is refused before any write.',
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const connection = connectionOf(auth.props);
    const shared = { role: propsValue.role, status: propsValue.status };
    return runBulkAction(propsValue, {
      action: UPDATE_USERS_ACTION,
      simpleChange: () => parseChanges(shared),
      check: (item, simple) => checkItem(item, shared, simple),
      targetOf: (item) => itemTarget(item, ['userId', 'id']),
      resolve: (checked, context) => resolveItems(connection, checked, context),
      work: (item, preview, trail) => updateOne(connection, item, preview, trail),
    });
  },
});

interface Checked {
  ref: UserRef;
  changes: ProfileChanges;
}

interface Plan {
  changes: ProfileChanges;
  /** Run the single update's owner guard for this user: set when the batch's own guard could not read the list. */
  guardOwner: boolean;
  /** The email the user was found by: the read must still show it, as in Update User, or nothing is written. */
  foundByEmail?: string;
}

function checkItem(item: unknown, shared: { role: unknown; status: unknown }, simple: ProfileChanges | undefined): { target: string; value: Checked } {
  if (simple !== undefined) {
    // A record in User IDs (a user mapped from Find User) names its user by "userId" or "id" and gets the one change.
    const ref = isRecord(item) ? refOfRecord(item) : parseUserRef(item);
    return { target: refText(ref), value: { ref, changes: simple } };
  }
  const record = itemRecord(item);
  const ref = refOfRecord(record);
  const changes = parseChanges({
    firstName: record['firstName'],
    lastName: record['lastName'],
    email: record['email'],
    role: isBlank(record['role']) ? shared.role : record['role'],
    status: isBlank(record['status']) ? shared.status : record['status'],
  });
  return { target: refText(ref), value: { ref, changes } };
}

/**
 * The user a record names in "userId" or "id". A record that gives both must name one user by them
 * (a GUID in any case, an email in any case): an offboarding list whose columns slipped names two
 * people, and guessing which one is meant would change the wrong user.
 */
function refOfRecord(record: Record<string, unknown>): UserRef {
  if (isBlank(record['userId'])) return parseUserRef(record['id']);
  const ref = parseUserRef(record['userId']);
  if (isBlank(record['id'])) return ref;
  const other = parseUserRef(record['id']);
  if (refText(ref).toLowerCase() !== refText(other).toLowerCase()) {
    throw new InputError('items', `The item names two different users: userId ${refText(ref)} and id ${refText(other)}. Nothing is sent for it; correct the item.`);
  }
  return ref;
}

function refText(ref: UserRef): string {
  return 'id' in ref ? ref.id : ref.email;
}

/** Deactivating or demoting: what could leave the merchant without an active Owner. */
function takesOwnerAway(changes: ProfileChanges): boolean {
  return changes.isActive === false || (changes.role !== undefined && changes.role !== 'Owner');
}

/**
 * Emails become ids, and the owner guard runs once for the whole list, both in one walk of the
 * user list (and only when an item needs it): every email's users, and every active Owner. A
 * list that would deactivate or demote all of them is refused before any write. Where the list
 * cannot be read, email items are invalid with the reason, and the items that deactivate or demote
 * get the single update's own guard, which refuses the last active Owner.
 */
async function resolveItems(
  connection: Connection,
  checked: CheckedItem<Checked>[],
  { budget, trail, field }: BulkContext,
): Promise<{ items: BulkItem<Plan>[]; settled: ItemResult[] }> {
  const emails = new Set(checked.flatMap(({ value }) => ('email' in value.ref ? [emailKey(value.ref.email)] : [])));
  const guard = checked.some(({ value }) => takesOwnerAway(value.changes));
  const walk = emails.size > 0 || guard ? await walkList(connection, emails, budget, trail) : undefined;

  const items: BulkItem<Plan>[] = [];
  const settled: ItemResult[] = [];
  for (const { index, target, value } of checked) {
    const plan = { changes: value.changes, guardOwner: walk?.owners === undefined && takesOwnerAway(value.changes) };
    if ('id' in value.ref) {
      items.push({ index, target, id: value.ref.id, key: value.ref.id.toLowerCase(), change: value.changes, plan });
      continue;
    }
    const found = emailAnswer(value.ref.email, walk, budget);
    if ('id' in found) items.push({ index, target, id: found.id, key: found.id.toLowerCase(), change: value.changes, plan: { ...plan, foundByEmail: value.ref.email } });
    else settled.push({ index, target, outcome: found.outcome, reason: found.reason });
  }
  if (walk?.owners !== undefined) refuseOwnerLockout(walk.owners, items, field);
  return { items, settled };
}

interface ListWalk {
  byEmail: Map<string, ListedStaffUser[]>;
  /** Every active Owner, by lower-case id; undefined when the list could not be read to the end. */
  owners?: Set<string>;
  complete: boolean;
  cut?: string;
  scanned: number;
  /** Why the list could not be read at all. */
  failed?: string;
}

async function walkList(connection: Connection, emails: Set<string>, budget: BulkBudget, trail: AuditTrail): Promise<ListWalk> {
  const byEmail = new Map<string, ListedStaffUser[]>();
  const owners = new Set<string>();
  const emailOf = (user: ListedStaffUser) => (typeof user.email === 'string' ? emailKey(user.email) : '');
  try {
    const scan = await scanStaffUsers(connection, (user) => emails.has(emailOf(user)) || isActiveOwner(user), { deadline: budget.takeUntil }, (outcome) =>
      trail.record(outcome),
    );
    for (const user of scan.matches) {
      if (isActiveOwner(user)) owners.add(user.id.toLowerCase());
      if (emails.has(emailOf(user))) byEmail.set(emailOf(user), [...(byEmail.get(emailOf(user)) ?? []), user]);
    }
    return { byEmail, owners: scan.complete ? owners : undefined, complete: scan.complete, cut: scan.cut, scanned: scan.scanned };
  } catch (error) {
    // A refused key or an unreachable server fails the step at once, as any item would.
    if (stopsTheStep(error) || !(error instanceof ApiError || error instanceof InputError)) throw error;
    return { byEmail, complete: false, scanned: 0, failed: error.message };
  }
}

function emailAnswer(email: string, walk: ListWalk | undefined, budget: BulkBudget): { id: string } | { outcome: 'invalid' | 'not_reached'; reason: string } {
  if (walk?.failed !== undefined) return { outcome: 'invalid', reason: walk.failed };
  const matches = walk?.byEmail.get(emailKey(email)) ?? [];
  if (matches.length > 1) return { outcome: 'invalid', reason: `${matches.length} staff users have email ${email} (without regard to case): ${listIds(matches)}. Name the user by id.` };
  if (matches.length === 1) return { id: matches[0].id };
  if (walk?.complete) return { outcome: 'invalid', reason: `No staff user has email ${email}.` };
  // Cut by the time budget: the next run looks again. Cut otherwise: the next run would be cut the same way.
  if (Date.now() >= budget.takeUntil) return { outcome: 'not_reached', reason: 'Not looked up: the time budget ran out while reading the user list.' };
  return { outcome: 'invalid', reason: `No staff user with email ${email} ${notReadToTheEnd({ cut: walk?.cut, scanned: walk?.scanned ?? 0 })}. Name the user by id.` };
}

/**
 * Refuses, before any write, a list that would deactivate or demote every active Owner the merchant
 * has. Only the first item for each user counts: a later one is not worked on (see `runBulk`).
 */
function refuseOwnerLockout(owners: Set<string>, items: readonly BulkItem<Plan>[], field: string): void {
  if (owners.size === 0) return;
  const first = new Map<string, BulkItem<Plan>>();
  for (const item of items) if (!first.has(item.key ?? item.id)) first.set(item.key ?? item.id, item);
  const hits = [...first.values()].filter((item) => owners.has(item.key ?? item.id) && takesOwnerAway(item.plan.changes));
  if (hits.length < owners.size) return;
  const named = hits.slice(0, 10).map((item) => `item ${item.index} (${item.target})`);
  throw new InputError(
    field,
    `This list would deactivate or demote every active Owner of the merchant (${named.join(', ')}${hits.length > 10 ? ', …' : ''}), which would lock the merchant out. Nothing was changed. Remove one of these items, or make another user an active Owner first.`,
  );
}

/** One user: the single Update User's read-merge-write, with the batch's guard instead of its own. */
async function updateOne(connection: Connection, item: BulkItem<Plan>, preview: boolean, trail: AuditTrail): Promise<ItemDone> {
  const { change } = await updateStaffUser(connection, item.id, item.plan.changes, {
    preview,
    trail,
    guardOwner: item.plan.guardOwner,
    foundByEmail: item.plan.foundByEmail,
  });
  const fields = change.fields.map((changed) => changed.field);
  if (fields.length === 0) return { outcome: 'unchanged', fields };
  return { outcome: change.applied ? 'updated' : 'planned', fields };
}
