import { randomInt } from 'node:crypto';
import { AP_OTHER_PLATFORM_USER_ID, AP_SEEDED_USER_IDS } from '../seed';
import { compareOldestFirst } from './pagination';
import { personalProject, seedAccess } from './seed-access';
import type { ApUserStore } from './store';
import type {
  ApDeployment,
  ApInvitation,
  ApInvitationStatus,
  ApInvitationType,
  ApPlan,
  ApPlatformRole,
  ApProject,
  ApProjectMember,
  ApProjectRole,
  ApProjectType,
  ApUser,
  ApUserDeletion,
} from './types';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new id in Activepieces' shape (`apId()`: 21 alphanumerics). */
export function newApId(): string {
  return Array.from({ length: 21 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
}

/** What upstream keeps of a person apart from their platform user: name and email (`user_identity`). */
type Identity = Pick<ApUser, 'email' | 'firstName' | 'lastName'>;

export interface InvitationInput {
  email: string;
  type: ApInvitationType;
  platformId: string;
  platformRole: ApPlatformRole | null;
  projectId: string | null;
  projectRoleId: string | null;
  status: ApInvitationStatus;
}

/**
 * Projects, project roles, memberships and invitations, next to the users of ApUserStore.
 * Everything handed out is a copy. Lists come oldest first, as upstream's paginators order them.
 */
export class ApAccessStore {
  private projects: ApProject[] = [];
  private roles: ApProjectRole[] = [];
  private members: ApProjectMember[] = [];
  private invitations: ApInvitation[] = [];
  private deletions: ApUserDeletion[] = [];
  /** Identities of users deleted on self-hosted: upstream deletes the user row, not the identity. */
  private formerIdentities = new Map<string, Identity>();

  constructor(
    private readonly users: ApUserStore,
    private readonly plan: ApPlan,
  ) {
    this.reset();
  }

  /** Call after the user store's reset: personal projects are seeded from the named users. */
  reset(): void {
    const named = new Set<string>([...AP_SEEDED_USER_IDS, AP_OTHER_PLATFORM_USER_ID]);
    // Generated users (extraUsers) get no personal project, so a large user list stays cheap.
    const seed = seedAccess(this.users.all().filter((user) => named.has(user.id)), this.plan);
    this.projects = seed.projects;
    this.roles = seed.roles;
    this.members = seed.members;
    this.invitations = seed.invitations;
    this.deletions = [];
    this.formerIdentities.clear();
  }

  allProjects(): ApProject[] {
    return this.projects.map((project) => ({ ...project }));
  }

  allRoles(): ApProjectRole[] {
    return this.roles.map((role) => ({ ...role, permissions: [...role.permissions] }));
  }

  allMembers(): ApProjectMember[] {
    return this.members.map((member) => ({ ...member }));
  }

  allInvitations(): ApInvitation[] {
    return this.invitations.map((invitation) => ({ ...invitation }));
  }

  allDeletions(): ApUserDeletion[] {
    return this.deletions.map((deletion) => ({ ...deletion }));
  }

  project(id: string): ApProject | undefined {
    const project = this.projects.find((candidate) => candidate.id === id);
    return project && { ...project };
  }

  projectsOnPlatform(platformId: string, filter: { externalId?: string; displayName?: string; types?: ApProjectType[] }): ApProject[] {
    const nameNeedle = filter.displayName?.toLowerCase();
    return this.projects
      .filter((project) => project.platformId === platformId)
      .filter((project) => filter.externalId === undefined || project.externalId === filter.externalId)
      // upstream: ILike(`%${displayName}%`)
      .filter((project) => nameNeedle === undefined || project.displayName.toLowerCase().includes(nameNeedle))
      .filter((project) => filter.types === undefined || filter.types.includes(project.type))
      .sort(compareOldestFirst)
      .map((project) => ({ ...project }));
  }

  role(id: string): ApProjectRole | undefined {
    const role = this.roles.find((candidate) => candidate.id === id);
    return role && { ...role, permissions: [...role.permissions] };
  }

  /** Upstream `projectRoleService.getOne`: the name case-insensitively, among built-in roles and the platform's own. */
  roleByName(name: string, platformId: string): ApProjectRole | undefined {
    const role = this.roles.find(
      (candidate) => candidate.name.toLowerCase() === name.toLowerCase() && (candidate.type === 'DEFAULT' || candidate.platformId === platformId),
    );
    return role && this.role(role.id);
  }

  rolesForPlatform(platformId: string): ApProjectRole[] {
    return this.roles
      .filter((role) => role.type === 'DEFAULT' || role.platformId === platformId)
      .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0))
      .map((role) => this.role(role.id) as ApProjectRole);
  }

  countMembersWithRole(platformId: string, roleId: string): number {
    return this.members.filter((member) => member.platformId === platformId && member.projectRoleId === roleId).length;
  }

  member(id: string): ApProjectMember | undefined {
    const member = this.members.find((candidate) => candidate.id === id);
    return member && { ...member };
  }

  membersOnPlatform(platformId: string, filter: { projectId?: string; projectRoleId?: string }): ApProjectMember[] {
    return this.members
      .filter((member) => member.platformId === platformId)
      .filter((member) => filter.projectId === undefined || member.projectId === filter.projectId)
      .filter((member) => filter.projectRoleId === undefined || member.projectRoleId === filter.projectRoleId)
      .sort(compareOldestFirst)
      .map((member) => ({ ...member }));
  }

  updateMemberRole(id: string, projectRoleId: string): ApProjectMember {
    const member = this.members.find((candidate) => candidate.id === id);
    if (!member) throw new Error(`no project member ${id}`);
    Object.assign(member, { projectRoleId, updated: new Date().toISOString() });
    return { ...member };
  }

  removeMember(id: string): void {
    this.members = this.members.filter((member) => member.id !== id);
  }

  invitation(id: string, platformId: string): ApInvitation | undefined {
    const invitation = this.invitations.find((candidate) => candidate.id === id && candidate.platformId === platformId);
    return invitation && { ...invitation };
  }

  invitationsOnPlatform(platformId: string, filter: { type: ApInvitationType; projectId?: string; status?: ApInvitationStatus }): ApInvitation[] {
    return this.invitations
      .filter((invitation) => invitation.platformId === platformId && invitation.type === filter.type)
      .filter((invitation) => filter.projectId === undefined || invitation.projectId === filter.projectId)
      .filter((invitation) => filter.status === undefined || invitation.status === filter.status)
      .sort(compareOldestFirst)
      .map((invitation) => ({ ...invitation }));
  }

  removeInvitation(id: string): void {
    this.invitations = this.invitations.filter((invitation) => invitation.id !== id);
  }

  identityByEmail(email: string): Identity | undefined {
    const normalized = email.trim().toLowerCase();
    return this.users.identityByEmail(normalized) ?? this.formerIdentities.get(normalized);
  }

  /**
   * Upstream `userInvitationsService.create`: `repo().upsert(..., ['email', 'platformId', 'projectId'])`
   * with a fresh id, the email lower-cased and trimmed. The unique index is a plain one over
   * (email, platformId, projectId), and Postgres never finds two NULLs equal, so a PLATFORM invitation
   * (projectId NULL) never conflicts: each one is a new row. A PROJECT invitation replaces the row for
   * the same email and project, id included; `created` stays.
   */
  upsertInvitation(input: InvitationInput): ApInvitation {
    const now = new Date().toISOString();
    const email = input.email.trim().toLowerCase();
    const fields = { ...input, email, id: newApId(), updated: now };
    const existing =
      input.projectId === null
        ? undefined
        : this.invitations.find((candidate) => candidate.email === email && candidate.platformId === input.platformId && candidate.projectId === input.projectId);
    if (existing) {
      Object.assign(existing, fields);
      return { ...existing };
    }
    const created: ApInvitation = { created: now, ...fields };
    this.invitations.push(created);
    return { ...created };
  }

  /**
   * Upstream `provisionUserInvitation`, run when an invitation is accepted (at once for an API key):
   * only where someone with this email has signed up somewhere (an identity). Every ACCEPTED invitation
   * of that email is then applied on its platform (the user is created there, with a personal project,
   * if new), then deleted. Without an identity the ACCEPTED invitation waits for the sign-up.
   */
  provision(email: string): void {
    const identity = this.identityByEmail(email);
    if (!identity) return;
    const accepted = this.invitations.filter((invitation) => invitation.email === identity.email && invitation.status === 'ACCEPTED');
    for (const invitation of accepted) {
      const user = this.getOrCreateUser(identity, invitation.platformId);
      if (invitation.type === 'PLATFORM' && invitation.platformRole) {
        this.users.update(user.id, { platformRole: invitation.platformRole });
      }
      if (invitation.type === 'PROJECT' && invitation.projectId && invitation.projectRoleId && this.project(invitation.projectId)) {
        this.upsertMember(invitation.projectId, user.id, invitation.projectRoleId);
      }
      this.removeInvitation(invitation.id);
    }
  }

  /** Whether accepting an invitation for this email would add a user to the platform (a new seat). */
  wouldAddUser(email: string, platformId: string): boolean {
    return this.identityByEmail(email) !== undefined && this.users.onPlatformByEmail(email, platformId) === undefined;
  }

  /**
   * Upstream `userService.delete` (self-hosted) and `removeFromPlatform` (cloud), after the owner check:
   * both delete the personal project (soft now, hard later: its members and invitations go with it);
   * self-hosted then deletes the user row, which cascades to every membership (the project_member
   * foreign key is ON DELETE CASCADE); cloud only clears the user's platformId, so team memberships stay.
   * Undefined when the id is not a user of this platform: nothing happens.
   */
  deleteUser(id: string, platformId: string, deployment: ApDeployment): ApUserDeletion | undefined {
    const user = this.users.getOnPlatform(id, platformId);
    if (!user) return undefined;
    const personalProjectIds = this.projects.filter((project) => project.ownerId === id && project.platformId === platformId && project.type === 'PERSONAL').map((project) => project.id);
    const goneProjects = new Set(personalProjectIds);
    const memberIds = this.members
      .filter((member) => goneProjects.has(member.projectId) || (deployment === 'self-hosted' && member.userId === id))
      .map((member) => member.id);
    const invitationIds = this.invitations.filter((invitation) => invitation.projectId !== null && goneProjects.has(invitation.projectId)).map((invitation) => invitation.id);
    this.projects = this.projects.filter((project) => !goneProjects.has(project.id));
    this.members = this.members.filter((member) => !memberIds.includes(member.id));
    this.invitations = this.invitations.filter((invitation) => !invitationIds.includes(invitation.id));
    if (deployment === 'self-hosted') {
      this.formerIdentities.set(user.email, { email: user.email, firstName: user.firstName, lastName: user.lastName });
      this.users.remove(id);
    } else {
      this.users.update(id, { platformId: null });
    }
    const deletion: ApUserDeletion = {
      userId: id,
      outcome: deployment === 'self-hosted' ? 'deleted' : 'detached',
      personalProjectIds,
      memberIds,
      invitationIds,
      at: new Date().toISOString(),
    };
    this.deletions.push(deletion);
    return { ...deletion };
  }

  /** Upstream `userService.getOrCreateWithProject`: a new user is a MEMBER with a personal project. */
  private getOrCreateUser(identity: Identity, platformId: string): ApUser {
    const existing = this.users.onPlatformByEmail(identity.email, platformId);
    if (existing) return existing;
    const now = new Date().toISOString();
    const user = this.users.add({
      id: newApId(),
      email: identity.email,
      firstName: identity.firstName,
      lastName: identity.lastName,
      status: 'ACTIVE',
      platformRole: 'MEMBER',
      externalId: null,
      platformId,
      created: now,
      updated: now,
      lastActiveDate: null,
      imageUrl: null,
    });
    this.projects.push(personalProject(user, now));
    return user;
  }

  /** Upstream `projectMemberService.upsert`: one membership per (project, user); the role is replaced. */
  private upsertMember(projectId: string, userId: string, projectRoleId: string): void {
    const now = new Date().toISOString();
    const existing = this.members.find((member) => member.projectId === projectId && member.userId === userId);
    if (existing) {
      Object.assign(existing, { projectRoleId, updated: now });
      return;
    }
    const project = this.project(projectId) as ApProject;
    this.members.push({ id: newApId(), created: now, updated: now, platformId: project.platformId, projectId, userId, projectRoleId });
  }
}
