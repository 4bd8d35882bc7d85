import { createAction, Property } from '@activepieces/pieces-framework';
import { AuditTrail, ChangeReport, Connection, InputError, isPreview, previewOnlyProp, withoutFinalStop } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf, deleteUser } from '../common/client';
import { PlatformUser } from '../common/types';
import { describeRef, parseUserRef, userRefProps } from '../common/user-ref-props';
import { isPlatformOwner, lookUpUser, UserRef, userLabel, userLookup } from '../common/user-list';

const DELETE_USER_AUDIT_ACTION = 'activepieces-platform/delete_user';

/** What happens to the user's work: the sentence the description, the confirmation and the report share. */
const CONSEQUENCE =
  'On a self-hosted Activepieces this deletes the user together with their personal project: its flows and connections are gone for good. On Activepieces Cloud it removes the user from the platform and ends their sessions (recent versions also delete their personal project there)';

export interface DeleteUserResult {
  /** The user as found before the deletion; null when there was no such user. */
  user: PlatformUser | null;
  /** True when this run deleted the user. */
  deleted: boolean;
  change: ChangeReport;
}

export const deleteUserAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'delete_user',
  displayName: 'Delete User',
  description: `Delete a platform user, found by id, email or external id. ${CONSEQUENCE}. To stop someone's access and keep their work, use Offboard User (or Update User with status Inactive) instead. The platform owner cannot be deleted.`,
  props: {
    ...userRefProps,
    confirmDeletion: Property.Checkbox({
      displayName: 'Confirm deletion',
      description: `Must be on, or the step refuses before any request. ${CONSEQUENCE}.`,
      required: false,
      defaultValue: false,
    }),
    previewOnly: previewOnlyProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Deletes one Activepieces platform user given by exactly one of userId, email (case-insensitive) or externalId. Requires confirmDeletion true (else refused before any request, previews included). Self-hosted: also deletes their personal project with its flows and connections, irreversibly; prefer offboard_user to keep their work. Refuses the platform owner before the DELETE. previewOnly true reads only and reports what would be deleted. Returns {user (as it was; null when not found), deleted, change}. Re-running after a deletion succeeds with deleted false ("already deleted"), writing nothing.',
    idempotent: true,
  },
  async run({ auth, propsValue }): Promise<DeleteUserResult> {
    const ref = parseUserRef(propsValue);
    // Checked for a preview too: a preview refuses what the real run would refuse.
    if (propsValue.confirmDeletion !== true) {
      throw new InputError('confirmDeletion', `Turn on Confirm deletion to delete a user. ${CONSEQUENCE}. Nothing was sent.`);
    }
    const connection = connectionOf(auth.props);
    const trail = new AuditTrail(DELETE_USER_AUDIT_ACTION, describeRef(ref));
    return deleteOne(connection, ref, isPreview(propsValue.previewOnly), trail);
  },
});

async function deleteOne(connection: Connection, ref: UserRef, preview: boolean, trail: AuditTrail): Promise<DeleteUserResult> {
  // Finding the user and reading the platform's owner share one deadline.
  const tuning = { deadline: Date.now() + userLookup.budgetMs };
  const lookup = await lookUpUser(connection, ref, trail, tuning);
  if (lookup.matches.length > 1) throw new InputError(lookup.field, lookup.several);
  const [user] = lookup.matches;
  /** `fields` holds the deletion when this run made it, or a preview would. */
  const report = (target: string, deletion: 'deleted' | 'would-delete' | 'none', summary: string): ChangeReport => ({
    applied: deletion === 'deleted',
    preview,
    fields: deletion === 'none' ? [] : [{ field: 'deleted', from: false, to: true }],
    summary,
    audit: { ...trail.finish(), target },
  });
  if (!user) {
    // A second run lands here: the whole list was read and the user is not on it.
    if (!lookup.searchedAll) throw new InputError(lookup.field, lookup.notFound);
    const summary = `${withoutFinalStop(lookup.notFound)}: already deleted, or never on this platform. Nothing was sent`;
    return { user: null, deleted: false, change: report(describeRef(ref), 'none', summary) };
  }
  if (await isPlatformOwner(connection, user, tuning, trail)) {
    throw new InputError(lookup.field, `${userLabel(user)} is the platform owner, and Activepieces does not let anyone delete the platform owner. Nothing was deleted; pick another user.`);
  }
  if (preview) return { user, deleted: false, change: report(user.id, 'would-delete', `Would delete ${userLabel(user)}`) };
  if ((await deleteUser(connection, user.id, trail)) === 'already-gone') {
    return { user, deleted: false, change: report(user.id, 'none', `${userLabel(user)} was already deleted: Activepieces answered that it no longer knows them`) };
  }
  return { user, deleted: true, change: report(user.id, 'deleted', `Deleted ${userLabel(user)}`) };
}
