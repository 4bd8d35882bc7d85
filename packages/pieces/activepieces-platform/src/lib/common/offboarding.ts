import { ApiError, AuditTrail, ChangeReport, Connection, InputError, PieceError, reasonOf, withoutFinalStop } from '@user-admin-pieces/common';
import { findOpenInvitations, findUserMemberships, InvitationRow, invitationRow } from './access';
import { deleteInvitation, deleteProjectMember, getProject, updateUser } from './client';
import { Invitation, PlatformUser, ProjectMember } from './types';
import { findUserByRef, isPlatformOwner, lookUpUser, UserRef, userLabel } from './user-list';

export const OFFBOARD_AUDIT_ACTION = 'activepieces-platform/offboard_user';

/**
 * One deadline for every scan of one offboarding: the user list, the open invitations, the
 * team projects and their members. 240 s leaves the writes and the rest of the flow the other
 * half of the 600 s flow limit. Tests shorten it.
 */
export const offboardingBudget = { scanMs: 240_000 };

export type StepName = 'find-user' | 'deactivate' | 'revoke-invitations' | 'remove-memberships';

/**
 * done: this run changed something. already-done: the state was already as wanted, nothing sent.
 * would-do: a preview's plan. skipped: turned off. incomplete: what was found was handled, but the
 * time budget ran out before everything was read. failed / not-started: a run that stopped partway.
 */
export type StepOutcome = 'done' | 'already-done' | 'would-do' | 'skipped' | 'incomplete' | 'failed' | 'not-started';

export interface OffboardingStep {
  step: StepName;
  outcome: StepOutcome;
  summary: string;
}

/** An invitation the offboarding revoked (or would), as List Invitations shows one: enough to send it again. */
export interface InvitationRecord extends InvitationRow {
  /** The project's display name, read with `GET /v1/projects/{id}`; null when that read failed (the id still names it). */
  projectName: string | null;
  outcome: 'revoked' | 'already-gone' | 'would-revoke';
}

/** A team-project membership the offboarding removed (or would): enough to invite the user back. */
export interface MembershipRecord {
  id: string;
  email: string;
  projectId: string;
  projectName: string | null;
  /** The project role's name, as Invite User takes it. */
  role: string | null;
  outcome: 'removed' | 'already-gone' | 'would-remove';
}

export interface OffboardingResult {
  /** The user as found; null when an email names no user (never signed up, or deleted): then only invitations are revoked. */
  before: PlatformUser | null;
  /** The user as the API answered the deactivation; in a preview, as a real run would leave them; null without a user. */
  after: PlatformUser | null;
  steps: OffboardingStep[];
  revokedInvitations: InvitationRecord[];
  removedMemberships: MembershipRecord[];
  change: ChangeReport;
}

export interface OffboardOptions {
  preview: boolean;
  removeMemberships: boolean;
}

/**
 * Offboards one user: find, refuse the platform owner, then deactivate first (access ends at their
 * next request, since every session check reads the status), revoke open invitations (pending,
 * or accepted and waiting for sign-up: either lets them in again), and remove team-project
 * memberships. Never deletes. Each step skips what is already as wanted, so a re-run writes
 * nothing and reports every step as already done.
 *
 * An email that names no user (the whole list read) is someone who never signed up, or was
 * deleted: an invitation can still let them in (an API key's is accepted at once and adds them
 * when they sign up), so their invitations are revoked and the other steps have nothing to do.
 * An id or external id names a user, so not finding one stays an error.
 *
 * A failure partway is thrown, not returned: the flow must not go on as if the user were
 * offboarded. Its message lists what was done and what was not (the builder shows the message),
 * and its `offboarding` property holds the steps and the records so far. A scan that ran out of
 * time is handled the same way, after what was found has been dealt with.
 */
export async function offboardUser(connection: Connection, ref: UserRef, options: OffboardOptions, trail: AuditTrail): Promise<OffboardingResult> {
  const deadline = Date.now() + offboardingBudget.scanMs;
  const before = await findOffboardee(connection, ref, trail, deadline);
  // Before any write: Activepieces refuses to deactivate its owner, and the rest of an
  // offboarding (memberships, invitations) would then run for a user who keeps platform access.
  if (typeof before !== 'string' && (await isPlatformOwner(connection, before, { deadline }, trail))) {
    throw new InputError(refField(ref), `${userLabel(before)} is the platform owner. Activepieces does not let anyone deactivate the platform owner, so they cannot be offboarded; nothing was changed. Pick another user.`);
  }
  const run = new OffboardingRun(connection, before, options, deadline, trail);
  try {
    await run.deactivate();
    await run.revokeInvitations();
    await run.removeMemberships();
  } catch (error) {
    throw run.stoppedPartway(error);
  }
  return run.finish();
}

/** The user a reference names, or, for an email that names none, the email itself. */
async function findOffboardee(connection: Connection, ref: UserRef, trail: AuditTrail, deadline: number): Promise<PlatformUser | string> {
  if (!('email' in ref)) return findUserByRef(connection, ref, trail, { deadline });
  const lookup = await lookUpUser(connection, ref, trail, { deadline });
  if (lookup.matches.length > 1) throw new InputError(lookup.field, lookup.several);
  return lookup.matches[0] ?? ref.email;
}

function refField(ref: UserRef): string {
  if ('email' in ref) return 'email';
  if ('externalId' in ref) return 'externalId';
  return 'userId';
}

/** Names in a sentence before "and N more": the builder cuts a message at 2,000 characters. */
const NAMED = 5;

function listed(names: string[]): string {
  const shown = names.slice(0, NAMED).join('; ');
  return names.length > NAMED ? `${shown}; and ${names.length - NAMED} more` : shown;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Marketing (p1)", or "project p1" when the name is unknown. */
function projectText(projectId: string | null, projectName: string | null): string {
  if (projectId === null) return 'an unknown project';
  return projectName ? `${projectName} (${projectId})` : `project ${projectId}`;
}

/** "project invitation to Marketing (p1) as Editor", "platform invitation as ADMIN (accepted, waiting for sign-up)". */
function invitationName(invitation: InvitationRecord): string {
  const name =
    invitation.type === 'PROJECT'
      ? `project invitation to ${projectText(invitation.projectId, invitation.projectName)} as ${invitation.projectRole ?? '(unknown role)'}`
      : `platform invitation as ${invitation.platformRole ?? '(unknown role)'}`;
  return invitation.status === 'ACCEPTED' ? `${name} (accepted, waiting for sign-up)` : name;
}

function membershipName(membership: MembershipRecord): string {
  const project = membership.projectName ? `${membership.projectName} (${membership.projectId})` : membership.projectId;
  return `${project} as ${membership.role ?? '(unknown role)'}`;
}

/** Something another admin removed between the scan and this run's DELETE says so. */
function named(name: string, outcome: string): string {
  return outcome === 'already-gone' ? `${name} (already gone)` : name;
}

function invitationRecord(invitation: Invitation, projectName: string | null, outcome: InvitationRecord['outcome']): InvitationRecord {
  return { ...invitationRow(invitation), projectName, outcome };
}

function membershipRecord(member: ProjectMember, email: string, outcome: MembershipRecord['outcome']): MembershipRecord {
  return {
    id: member.id,
    email: member.user?.email ?? email,
    projectId: member.projectId,
    projectName: member.project?.displayName ?? null,
    role: member.projectRole?.name ?? null,
    outcome,
  };
}

/** A step that removes a list of things one by one: what was found, and how far it got. */
interface Removal {
  step: 'revoke-invitations' | 'remove-memberships';
  found: string[];
  handled: number;
}

const STEP_ORDER: StepName[] = ['find-user', 'deactivate', 'revoke-invitations', 'remove-memberships'];

/** What each step is, to say it was not done: "deactivating them". */
const STEP_TASKS: Record<StepName, string> = {
  'find-user': 'finding the user',
  deactivate: 'deactivating them',
  'revoke-invitations': 'revoking their open invitations (pending, or accepted and waiting for sign-up)',
  'remove-memberships': 'removing their team-project memberships',
};

class OffboardingRun {
  private readonly steps: OffboardingStep[] = [];
  private readonly invitations: InvitationRecord[] = [];
  private readonly memberships: MembershipRecord[] = [];
  private readonly before: PlatformUser | null;
  private after: PlatformUser | null;
  private readonly email: string;
  private current: StepName = 'deactivate';
  private removal?: Removal;
  private readonly label: string;

  constructor(
    private readonly connection: Connection,
    found: PlatformUser | string,
    private readonly options: OffboardOptions,
    private readonly deadline: number,
    private readonly trail: AuditTrail,
  ) {
    if (typeof found === 'string') {
      this.before = this.after = null;
      this.email = found;
      // Every sentence, the run's summary included, says there was no user: a mistyped email is seen.
      this.label = `${found} (not a user of this platform)`;
      this.record('find-user', 'already-done', `No user with email ${found} on this platform (never signed up, or deleted): only their invitations are left to revoke.`);
      return;
    }
    this.before = this.after = found;
    this.email = found.email;
    this.label = userLabel(found);
    this.record('find-user', 'done', `Found ${this.label} (id ${found.id}).`);
  }

  async deactivate(): Promise<void> {
    this.current = 'deactivate';
    if (!this.before) return this.record('deactivate', 'already-done', 'No user to deactivate: nothing sent.');
    const from = this.before.status;
    if (from === 'INACTIVE') return this.record('deactivate', 'already-done', 'Already inactive: nothing sent.');
    if (this.options.preview) {
      this.after = { ...this.before, status: 'INACTIVE' };
      return this.record('deactivate', 'would-do', `Would deactivate them (status ${from} → INACTIVE).`);
    }
    this.after = await updateUser(this.connection, this.before.id, { status: 'INACTIVE' }, this.trail);
    this.record('deactivate', 'done', `Deactivated them (status ${from} → INACTIVE): they lose access at their next request.`);
  }

  async revokeInvitations(): Promise<void> {
    this.current = 'revoke-invitations';
    const scan = await findOpenInvitations(this.connection, this.email, this.deadline, this.trail);
    const projectNames = await this.projectNames(scan.invitations);
    const records = scan.invitations.map((invitation) => invitationRecord(invitation, projectNames.get(invitation.projectId ?? '') ?? null, 'would-revoke'));
    await this.removeEach('revoke-invitations', records.map(invitationName), scan.invitations, async (invitation, index) => {
      const outcome = this.options.preview ? 'would-revoke' : await deleteInvitation(this.connection, invitation.id, this.trail);
      this.invitations.push({ ...records[index], outcome });
    });
    const names = this.invitations.map((record) => named(invitationName(record), record.outcome));
    const cut = scan.complete ? '' : ` Activepieces answered too slowly to read every invitation within ${this.budgetText()}, so more may remain.`;
    this.finishRemoval('revoke-invitations', scan.complete, {
      none: `No open invitations for ${this.email} (pending, or accepted and waiting for sign-up): nothing to revoke.`,
      would: `Would revoke ${plural(names.length, 'open invitation', 'open invitations')}: ${listed(names)}.`,
      done: `Revoked ${plural(names.length, 'open invitation', 'open invitations')}: ${listed(names)}.`,
      cut,
    });
  }

  /**
   * The display names of the projects these invitations are to: one `GET /v1/projects/{id}` per
   * project. The membership scan, which lists the team projects, comes after the revocation (and
   * not at all when memberships are kept); listing the projects first would cost a page per 100
   * projects, more than one read for each of the one or two projects a person is usually invited
   * to. A name is only for the summary: a failed read keeps the id, and the step goes on.
   */
  private async projectNames(invitations: Invitation[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const ids = new Set(invitations.map((invitation) => invitation.projectId).filter((id): id is string => typeof id === 'string'));
    for (const id of ids) {
      try {
        names.set(id, (await getProject(this.connection, id, { deadline: this.deadline }, this.trail)).displayName);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        // Its attempts still count in the audit.
        this.trail.record(error);
      }
    }
    return names;
  }

  async removeMemberships(): Promise<void> {
    this.current = 'remove-memberships';
    if (!this.options.removeMemberships) {
      return this.record('remove-memberships', 'skipped', 'Kept their project memberships: Remove project memberships is off.');
    }
    if (!this.before) return this.record('remove-memberships', 'already-done', 'No user, so no project memberships: nothing to remove.');
    const scan = await findUserMemberships(this.connection, this.before.id, this.deadline, this.trail);
    const records = scan.memberships.map((member) => membershipRecord(member, this.email, 'would-remove'));
    await this.removeEach('remove-memberships', records.map(membershipName), scan.memberships, async (member, index) => {
      const outcome = this.options.preview ? 'would-remove' : await deleteProjectMember(this.connection, member.id, this.trail);
      this.memberships.push({ ...records[index], outcome });
    });
    const names = this.memberships.map((record) => named(membershipName(record), record.outcome));
    const cut = scan.complete
      ? ''
      : ` Activepieces answered too slowly to read the members of every team project within ${this.budgetText()} (${plural(scan.projectsScanned, 'project', 'projects')} read), so more may remain.`;
    this.finishRemoval('remove-memberships', scan.complete, {
      none: `No team-project memberships: nothing to remove (${plural(scan.projectsScanned, 'team project', 'team projects')} checked).`,
      would: `Would remove ${plural(names.length, 'team-project membership', 'team-project memberships')}: ${listed(names)}.`,
      done: `Removed ${plural(names.length, 'team-project membership', 'team-project memberships')}: ${listed(names)}.`,
      cut,
    });
  }

  private async removeEach<T>(step: Removal['step'], found: string[], items: T[], remove: (item: T, index: number) => Promise<void>): Promise<void> {
    this.removal = { step, found, handled: 0 };
    for (const [index, item] of items.entries()) {
      await remove(item, index);
      this.removal.handled = index + 1;
    }
  }

  private finishRemoval(step: Removal['step'], complete: boolean, say: { none: string; would: string; done: string; cut: string }): void {
    this.removal = undefined;
    const count = step === 'revoke-invitations' ? this.invitations.length : this.memberships.length;
    if (!complete) {
      const handled = count === 0 ? 'None found among those read.' : this.options.preview ? say.would : say.done;
      return this.record(step, 'incomplete', `${handled}${say.cut}`);
    }
    if (count === 0) return this.record(step, 'already-done', say.none);
    this.record(step, this.options.preview ? 'would-do' : 'done', this.options.preview ? say.would : say.done);
  }

  private record(step: StepName, outcome: StepOutcome, summary: string): void {
    this.steps.push({ step, outcome, summary });
  }

  private budgetText(): string {
    return `${Math.round(offboardingBudget.scanMs / 1000)} s`;
  }

  /** The result, or, when a scan ran out of time, an error that says what was done and what may remain. */
  finish(): OffboardingResult {
    const result = this.result();
    const cut = this.steps.filter((step) => step.outcome === 'incomplete');
    if (cut.length === 0) return result;
    const head = this.options.preview
      ? `Preview only: the offboarding plan for ${this.label} is not complete, and nothing was changed.`
      : `Offboarding of ${this.label} is not complete.`;
    const error = new ApiError({ kind: 'timeout', message: `${head} ${this.account()} Run the step again: it skips what is already done.`, retryable: false });
    throw attachReport(error, result);
  }

  /** The error a failure partway becomes: its own sentence, then what was done and what was not. */
  stoppedPartway(error: unknown): PieceError {
    if (error instanceof ApiError) this.trail.record(error);
    const failedStep = this.current;
    const removal = this.removal;
    const done = removal ? removal.handled : 0;
    const failedAt = removal?.found[done];
    const partly =
      removal && failedAt !== undefined
        ? `${done} of ${removal.found.length} done${done > 0 ? ` (${listed(removal.found.slice(0, done))})` : ''}; failed at ${failedAt}${removal.found.length > done + 1 ? `; not tried: ${listed(removal.found.slice(done + 1))}` : ''}`
        : 'failed';
    this.record(failedStep, 'failed', `${STEP_TASKS[failedStep]}: ${partly}.`.replace(/^./, (first) => first.toUpperCase()));
    for (const step of STEP_ORDER.slice(STEP_ORDER.indexOf(failedStep) + 1)) {
      if (step === 'remove-memberships' && !this.options.removeMemberships) this.record(step, 'skipped', 'Kept their project memberships: Remove project memberships is off.');
      else this.record(step, 'not-started', `Not started: ${STEP_TASKS[step]}.`);
    }
    if (this.options.preview && error instanceof PieceError) return error;
    const cause = withoutFinalStop(reasonOf(error));
    const message = `Offboarding of ${this.label} stopped partway: ${cause}. ${this.account()} Run the step again: it skips what is already done.`;
    return attachReport(restated(error, message), this.result());
  }

  /** "Done: … Not done: …", from the steps as recorded. */
  private account(): string {
    const summaries = (outcomes: StepOutcome[]) =>
      this.steps.filter((step) => step.step !== 'find-user' && outcomes.includes(step.outcome)).map((step) => withoutFinalStop(step.summary));
    const done = summaries(['done', 'already-done', 'skipped', 'would-do']);
    const notDone = summaries(['incomplete', 'failed', 'not-started']);
    const doneText = done.length === 0 ? 'Nothing was changed.' : `${this.options.preview ? 'Planned' : 'Done'}: ${done.join('. ')}.`;
    return notDone.length === 0 ? doneText : `${doneText} Not done: ${notDone.join('. ')}.`;
  }

  private result(): OffboardingResult {
    const applied = this.steps.some((step) => step.step !== 'find-user' && step.outcome === 'done');
    const from = this.before?.status;
    const to = this.after?.status;
    return {
      before: this.before,
      after: this.after,
      steps: [...this.steps],
      revokedInvitations: [...this.invitations],
      removedMemberships: [...this.memberships],
      change: {
        applied,
        preview: this.options.preview,
        fields: from !== undefined && to !== undefined && from !== to ? [{ field: 'status', from, to }] : [],
        summary: this.summary(),
        audit: { ...this.trail.finish(), target: this.before?.id ?? this.email },
      },
    };
  }

  private summary(): string {
    const revoked = this.invitations.length;
    const removed = this.memberships.length;
    const deactivated = this.steps.find((step) => step.step === 'deactivate')?.outcome;
    if (this.options.preview) {
      const plan = [
        deactivated === 'would-do' ? 'deactivate them' : undefined,
        revoked > 0 ? `revoke ${plural(revoked, 'invitation', 'invitations')}` : undefined,
        removed > 0 ? `remove ${plural(removed, 'project membership', 'project memberships')}` : undefined,
      ].filter(Boolean);
      return plan.length === 0 ? `Nothing to do for ${this.label}: already offboarded` : `Would offboard ${this.label}: ${plan.join(', ')}`;
    }
    const did = [
      deactivated === 'done' ? 'deactivated' : undefined,
      revoked > 0 ? `revoked ${plural(revoked, 'invitation', 'invitations')}` : undefined,
      removed > 0 ? `removed ${plural(removed, 'project membership', 'project memberships')}` : undefined,
    ].filter(Boolean);
    return did.length === 0 ? `Nothing to do for ${this.label}: already offboarded, nothing sent` : `Offboarded ${this.label}: ${did.join(', ')}`;
  }
}

/**
 * The cause's status, code, request id and attempts with the offboarding's sentence: the builder's
 * headline still says what failed ("Failed with HTTP 500"). Not retryable as a whole: a re-run of
 * the step is the retry, and it skips what is done.
 */
function restated(error: unknown, message: string): ApiError {
  if (!(error instanceof ApiError)) return new ApiError({ kind: 'invalid_response', message, retryable: false });
  const { kind, status, code, providerMessage, requestId, attempts } = error;
  const stopped = new ApiError({ kind, status, code, providerMessage, requestId, message, retryable: false });
  if (attempts !== undefined) Object.defineProperty(stopped, 'attempts', { value: attempts, enumerable: true });
  return stopped;
}

/**
 * The steps and records so far ride on the error as `offboarding`: the builder shows them under
 * Technical Details, and they cross the engine's process boundary as an own property. The name is
 * none the engine reads a message from (`error`, `body`, `response`), so the sentence stays ours.
 */
function attachReport<E extends PieceError>(error: E, result: OffboardingResult): E {
  Object.defineProperty(error, 'offboarding', { value: result, enumerable: true });
  return error;
}
