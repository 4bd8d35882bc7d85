import { DropdownState, Property } from '@activepieces/pieces-framework';
import {
  ApiError,
  CONNECT_FIRST,
  Connection,
  disabledDropdown,
  enumDropdown,
  InputError,
  INTERACTIVE_BUDGET_MS,
  interactiveCall,
  isBlank,
  optionalText,
  ranOutOfTime,
  reasonOf,
} from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf, listProjectRolesPage, listProjectsPage } from './client';
import {
  BUILT_IN_PROJECT_ROLES,
  INVITATION_STATUS_LABELS,
  INVITATION_STATUSES,
  INVITATION_TYPE_LABELS,
  INVITATION_TYPES,
  PLATFORM_ROLE_LABELS,
  PLATFORM_ROLES,
} from './enums';
import { Project } from './types';
import { parseWholeNumber } from './user-filter';
import { matchesSearch, MAX_USER_PAGES, scanUsers, USER_PAGE_SIZE, userLabel } from './user-list';

export const LIST_OUT_OF_TIME = `Could not list users within ${INTERACTIVE_BUDGET_MS / 1000} s: Activepieces answered too slowly. Try again, or map a user id (e.g. from Find User).`;

/**
 * The platform's users, searched by name, email or id. The API cannot search, so the search is
 * done here over the newest MAX_USER_PAGES pages; the placeholder says when that cut the list.
 * At run time the value can be any id mapped from an earlier step.
 */
export const userDropdown = <R extends boolean>(params: { required: R }) =>
  Property.Dropdown<string, R, typeof activepiecesPlatformAuth>({
    auth: activepiecesPlatformAuth,
    displayName: 'User',
    description: 'The user to change. Type to search by name or email, or map a user id (e.g. from Find User).',
    required: params.required,
    refreshers: [],
    refreshOnSearch: true,
    options: async ({ auth }, { searchValue }) => {
      if (!auth) return disabledDropdown(CONNECT_FIRST);
      const search = (searchValue ?? '').trim().toLowerCase();
      // The builder waits on every keystroke: each page gets one quick attempt, all within one budget.
      const call = interactiveCall();
      try {
        const scan = await scanUsers(connectionOf(auth.props), (user) => search === '' || matchesSearch(user, search), call);
        return {
          options: scan.matches.map((user) => ({ label: userLabel(user), value: user.id })),
          placeholder: dropdownPlaceholder(scan.matches.length, scan.complete, search),
        };
      } catch (error) {
        if (ranOutOfTime(error, call.deadline)) return disabledDropdown(LIST_OUT_OF_TIME);
        return disabledDropdown(`Could not list users: ${reasonOf(error)}`);
      }
    },
  });

function dropdownPlaceholder(found: number, complete: boolean, search: string): string {
  if (!complete) {
    const searched = MAX_USER_PAGES * USER_PAGE_SIZE;
    return `Only the ${searched} newest users were searched. For an older user, map its id from Find User by External ID.`;
  }
  if (found === 0) return search === '' ? 'No users on this platform' : `No user matches "${search}"`;
  return 'Select a user';
}

export const platformRoleDropdown = <R extends boolean>(params: { required: R; description?: string }) =>
  enumDropdown({
    displayName: 'Platform Role',
    description: params.description ?? 'Leave empty to keep the current role.',
    required: params.required,
    values: PLATFORM_ROLES,
    labels: PLATFORM_ROLE_LABELS,
  });

export const invitationTypeDropdown = <R extends boolean>(params: { required: R; description: string }) =>
  enumDropdown({ displayName: 'Invitation Type', required: params.required, description: params.description, values: INVITATION_TYPES, labels: INVITATION_TYPE_LABELS });

export const invitationStatusDropdown = <R extends boolean>(params: { required: R; description: string }) =>
  enumDropdown({
    displayName: 'Invitation Status',
    required: params.required,
    description: params.description,
    values: INVITATION_STATUSES,
    labels: INVITATION_STATUS_LABELS,
  });

/** Projects a dropdown shows per search: the builder's search box narrows the rest. */
export const PROJECT_OPTIONS = 100;

export const projectsOutOfTime = `Could not list projects within ${INTERACTIVE_BUDGET_MS / 1000} s: Activepieces answered too slowly. Try again, or map a project id.`;

/**
 * The platform's team projects (members and invitations exist only there), searched by display
 * name by Activepieces itself. At run time the value can be any project id mapped from an earlier step.
 */
export const projectDropdown = <R extends boolean>(params: { required: R; description: string }) =>
  Property.Dropdown<string, R, typeof activepiecesPlatformAuth>({
    auth: activepiecesPlatformAuth,
    displayName: 'Project',
    description: params.description,
    required: params.required,
    refreshers: [],
    refreshOnSearch: true,
    options: async ({ auth }, { searchValue }) => {
      if (!auth) return disabledDropdown(CONNECT_FIRST);
      const search = (searchValue ?? '').trim();
      const call = interactiveCall();
      try {
        const page = await listProjectsPage(connectionOf(auth.props), { limit: PROJECT_OPTIONS, displayName: search || undefined, types: ['TEAM'] }, call);
        const projects = page.data.filter((project) => project.type === undefined || project.type === 'TEAM');
        return { options: projects.map((project) => ({ label: projectLabel(project), value: project.id })), placeholder: projectPlaceholder(projects.length, page.next !== null, search) };
      } catch (error) {
        if (ranOutOfTime(error, call.deadline)) return disabledDropdown(projectsOutOfTime);
        return disabledDropdown(`Could not list projects: ${reasonOf(error)}`);
      }
    },
  });

/** "Marketing (id)": two projects may share a name. */
export function projectLabel(project: Project): string {
  return `${project.displayName} (${project.id})`;
}

function projectPlaceholder(found: number, more: boolean, search: string): string {
  if (more) return `Showing the first ${PROJECT_OPTIONS} team projects. Type part of a project's name to find others.`;
  if (found === 0) return search === '' ? 'No team projects on this platform' : `No team project's name contains "${search}"`;
  return 'Select a project';
}

/** Statuses with which a platform answers that it does not serve its roles to an API key: refused, unknown route, not in the plan. */
const ROLES_NOT_SERVED = new Set([402, 403, 404, 405]);

/**
 * The project roles the platform has, by name (what the API takes). Some Activepieces versions list
 * them to API keys (GET /v1/project-roles), others only to signed-in users: there the dropdown
 * offers the built-in roles, and every label says which list it is.
 */
export const projectRoleDropdown = <R extends boolean>(params: { required: R; description: string }) =>
  Property.Dropdown<string, R, typeof activepiecesPlatformAuth>({
    auth: activepiecesPlatformAuth,
    displayName: 'Project Role',
    description: params.description,
    required: params.required,
    refreshers: [],
    options: async ({ auth }) => projectRoleOptions(auth ? connectionOf(auth.props) : undefined),
  });

export async function projectRoleOptions(connection: Connection | undefined): Promise<DropdownState<string>> {
  if (!connection) return disabledDropdown(CONNECT_FIRST);
  const call = interactiveCall();
  try {
    const page = await listProjectRolesPage(connection, { limit: PROJECT_OPTIONS }, call);
    if (page.data.length === 0) return builtInRoles('Activepieces listed no project roles');
    const options = page.data.map((role) => ({ label: `${role.name} (${role.type === 'CUSTOM' ? 'custom role' : 'role'} of this platform)`, value: role.name }));
    return { options, placeholder: 'Select a project role' };
  } catch (error) {
    if (ranOutOfTime(error, call.deadline)) return disabledDropdown(`Could not list project roles within ${INTERACTIVE_BUDGET_MS / 1000} s: Activepieces answered too slowly. Try again, or type a role name.`);
    if (error instanceof ApiError && error.status !== undefined && ROLES_NOT_SERVED.has(error.status)) {
      return builtInRoles('this Activepieces does not list its project roles to API keys');
    }
    return disabledDropdown(`Could not list project roles: ${reasonOf(error)}`);
  }
}

function builtInRoles(why: string): DropdownState<string> {
  return {
    options: BUILT_IN_PROJECT_ROLES.map((role) => ({ label: `${role} (built-in role)`, value: role })),
    placeholder: `Built-in roles only: ${why}. Map a custom role's name if you need one.`,
  };
}

/** Activepieces ids: 21 letters and digits. */
const AP_ID_PATTERN = /^[0-9A-Za-z]{21}$/;

/**
 * An Activepieces id from a dropdown or an earlier step, refused before any request when malformed
 * (a number has lost digits by the time it arrives; a list was mapped where one id belongs).
 */
export function parseApId(raw: unknown, field: string, what: string): string {
  if (typeof raw === 'number') throw new InputError(field, `${field} must be text, not a number: a 21-character id loses digits as a number. Map the ${what} id as text.`);
  const id = optionalText(raw, field);
  if (id === undefined) throw new InputError(field, `${field} is required: pick a ${what}, or map a ${what} id from an earlier step.`);
  if (!AP_ID_PATTERN.test(id)) {
    const got = id.length <= 40 ? `"${id}"` : `a value of ${id.length} characters`;
    throw new InputError(field, `${field} must be an Activepieces ${what} id of 21 letters and digits (got ${got}).`);
  }
  return id;
}

/** As parseApId, for an optional prop. */
export function parseOptionalApId(raw: unknown, field: string, what: string): string | undefined {
  return isBlank(raw) ? undefined : parseApId(raw, field, what);
}

/** Upstream keeps emails up to 320 characters; anything with white space or without an @ is no address. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

export function parseEmail(raw: unknown, field: string): string | undefined {
  const email = optionalText(raw, field);
  if (email === undefined) return undefined;
  if (!EMAIL_PATTERN.test(email) || email.length > 320) {
    const got = email.length <= 60 ? `"${email}"` : `a value of ${email.length} characters`;
    throw new InputError(field, `${field} must be one email address such as grace@example.com (got ${got}).`);
  }
  return email;
}

/** A project role name from the dropdown or an earlier step: the API matches it exactly. */
export function parseProjectRole(raw: unknown, field: string): string | undefined {
  const role = optionalText(raw, field);
  if (role !== undefined && role.length > 100) throw new InputError(field, `${field} must be a project role name such as Editor (got a value of ${role.length} characters).`);
  return role;
}

/** Leaves most of the 600 s flow limit to the other steps. */
export const DEFAULT_SCAN_BUDGET_SECONDS = 120;
/** The engine stops a whole run at 600 s. */
export const MAX_SCAN_BUDGET_SECONDS = 500;

/** How long a listing step may read; `reads` says what, e.g. "the invitations". */
export const timeBudgetProp = (reads: string) =>
  Property.Number({
    displayName: 'Time Budget (seconds)',
    description: `How long the step may read ${reads}: ${DEFAULT_SCAN_BUDGET_SECONDS} s when empty, at most ${MAX_SCAN_BUDGET_SECONDS}. When it runs out, the step returns what it read with complete false.`,
    required: false,
  });

/** The deadline (epoch ms) a time budget prop gives, counted from `now`. */
export function scanDeadline(raw: unknown, now: number): { deadline: number; budgetSeconds: number } {
  const budgetSeconds = parseWholeNumber(raw, 'timeBudgetSeconds', 1, MAX_SCAN_BUDGET_SECONDS) ?? DEFAULT_SCAN_BUDGET_SECONDS;
  return { deadline: now + budgetSeconds * 1000, budgetSeconds };
}
