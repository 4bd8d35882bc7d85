import { createAction, Property } from '@activepieces/pieces-framework';
import { AuditTrail, isPreview, previewOnlyProp } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf } from '../common/client';
import { OFFBOARD_AUDIT_ACTION, offboardingBudget, offboardUser } from '../common/offboarding';
import { describeRef, parseUserRef, userRefProps } from '../common/user-ref-props';

export const offboardUserAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'offboard_user',
  displayName: 'Offboard User',
  description:
    "Stop a departing person's access in one step: find them by id, email or external id, deactivate them, revoke their open invitations (pending, or accepted and waiting for sign-up) and remove their team-project memberships. Never deletes anyone. Running it again is safe: what is already done is skipped. The platform owner is refused.",
  props: {
    ...userRefProps,
    removeMemberships: Property.Checkbox({
      displayName: 'Remove project memberships',
      description: 'Remove the user from every team project they are a member of. Their personal project is kept either way.',
      required: false,
      defaultValue: true,
    }),
    previewOnly: previewOnlyProp,
  },
  audience: 'both',
  aiMetadata: {
    description: `Offboards one Activepieces platform user given by exactly one of userId, email (case-insensitive) or externalId: 1) deactivates them (status INACTIVE; skipped when already inactive), 2) revokes their open platform and project invitations: PENDING ones and ACCEPTED ones still listed (an API key's invitation is accepted at once and waits there until the person signs up), 3) removes their TEAM-project memberships unless removeMemberships is false. An email that names no user (never signed up, or deleted) still gets its open invitations revoked: before and after are then null and the other steps have nothing to do; an unknown userId or externalId is an error. Never deletes. Refuses the platform owner before any write. Returns {before, after (users, or null), steps [{step, outcome, summary}], revokedInvitations [{id, email, type, status, platformRole, projectId, projectName, projectRole, created, outcome}], removedMemberships [{id, email, projectId, projectName, role, outcome}], change}; the records are enough to invite the user back. previewOnly true reads only and returns the same report with planned outcomes (after = as a real run would leave the user). Re-running is safe: every step reports already-done and nothing is written. A failure partway throws an error whose message lists what was done and what was not; scans share one ${offboardingBudget.scanMs / 1000} s budget.`,
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const ref = parseUserRef(propsValue);
    const connection = connectionOf(auth.props);
    // The target is the user's id once found; until then the reference names them.
    const trail = new AuditTrail(OFFBOARD_AUDIT_ACTION, describeRef(ref));
    return offboardUser(
      connection,
      ref,
      // Unset arrives as undefined: the default is to remove memberships; only an explicit false keeps them.
      { preview: isPreview(propsValue.previewOnly), removeMemberships: propsValue.removeMemberships !== false },
      trail,
    );
  },
});
