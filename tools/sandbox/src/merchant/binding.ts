import type { IncomingCall } from '../fake-server';
import { isJsonMediaType, isPlainObject, parseJson } from '../http-utils';
import type { ValidationErrors } from './problem-details';
import { STAFF_ROLES, type StaffExtraFields, type StaffProfile, type StaffRole } from './types';

// Model binding and validation as an ASP.NET Core [ApiController] does it: System.Text.Json
// conversion errors are keyed by JSON path (`$.isActive`) and stop at the first; DataAnnotations
// errors are keyed by the C# property name (`FirstName`) and are all reported together.
// The request model has the documented fields plus Phone, Notes and Permissions, which the provider
// keeps but does not document; any other property in the body is ignored, as model binding does.

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME_MAX_LENGTH = 100;
const EMAIL_MAX_LENGTH = 256;
/** The name of the action's body parameter, which ASP.NET reports when the body cannot be bound at all. */
const BODY_PARAMETER = 'request';
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

export function bindRouteId(raw: string): ValidationErrors {
  return isGuid(raw) ? {} : { id: [`The value '${raw}' is not valid.`] };
}

export type ProfileBinding =
  | { kind: 'unsupported-media-type' }
  | { kind: 'invalid'; errors: ValidationErrors }
  | { kind: 'bound'; profile: StaffProfile; bodyId?: string };

export function bindStaffProfile(call: IncomingCall): ProfileBinding {
  if (!isJsonMediaType(call.headers['content-type'])) return { kind: 'unsupported-media-type' };
  if (call.rawBody.trim() === '') return unbindable('', 'A non-empty request body is required.');
  const parsed = parseJson(call.rawBody);
  if (!parsed.ok) return unbindable('$', 'The JSON value could not be parsed. Path: $');
  if (!isPlainObject(parsed.value)) return unbindable('$', 'The JSON value could not be converted to UpdateStaffUserRequest. Path: $');

  const fields = caseInsensitiveFields(parsed.value);
  const conversionError = firstConversionError(fields);
  if (conversionError) return { kind: 'invalid', errors: { ...conversionError, [BODY_PARAMETER]: [`The ${BODY_PARAMETER} field is required.`] } };

  const errors = validateProfile(fields);
  if (Object.keys(errors).length) return { kind: 'invalid', errors };
  const bodyId = fields.get('id')?.value;
  return {
    kind: 'bound',
    profile: {
      firstName: fields.get('firstname')?.value as string,
      lastName: fields.get('lastname')?.value as string,
      email: fields.get('email')?.value as string,
      role: fields.get('role')?.value as StaffRole,
      isActive: fields.get('isactive')?.value as boolean,
      ...boundExtraFields(fields),
    },
    bodyId: typeof bodyId === 'string' ? bodyId : undefined,
  };
}

export interface PageQuery {
  page: number;
  pageSize: number;
  search?: string;
}

export function bindPageQuery(query: URLSearchParams): { query: PageQuery; errors: ValidationErrors } {
  const errors: ValidationErrors = {};
  const page = bindInt(query, 'page', 1, 2147483647, errors) ?? 1;
  const pageSize = bindInt(query, 'pageSize', 1, MAX_PAGE_SIZE, errors) ?? DEFAULT_PAGE_SIZE;
  return { query: { page, pageSize, search: query.get('search') ?? undefined }, errors };
}

interface JsonField {
  /** The key as the client sent it, for JSON-path error keys. */
  key: string;
  value: unknown;
}

/** ASP.NET's web JSON defaults match property names case-insensitively. */
function caseInsensitiveFields(body: Record<string, unknown>): Map<string, JsonField> {
  return new Map(Object.entries(body).map(([key, value]) => [key.toLowerCase(), { key, value }]));
}

function firstConversionError(fields: Map<string, JsonField>): ValidationErrors | undefined {
  const clrTypes: [string, string, (value: unknown) => boolean][] = [
    ['id', 'System.Nullable`1[System.Guid]', (value) => value === null || (typeof value === 'string' && isGuid(value))],
    ['firstname', 'System.String', isStringOrNull],
    ['lastname', 'System.String', isStringOrNull],
    ['email', 'System.String', isStringOrNull],
    ['role', 'System.String', isStringOrNull],
    ['isactive', 'System.Nullable`1[System.Boolean]', (value) => value === null || typeof value === 'boolean'],
    ['phone', 'System.String', isStringOrNull],
    ['notes', 'System.String', isStringOrNull],
    ['permissions', 'System.Collections.Generic.List`1[System.String]', (value) => value === null || Array.isArray(value)],
  ];
  for (const [name, clrType, accepts] of clrTypes) {
    const field = fields.get(name);
    if (field && !accepts(field.value)) return conversionError(`$.${field.key}`, clrType);
  }
  const permissions = fields.get('permissions');
  if (Array.isArray(permissions?.value)) {
    const wrong = permissions.value.findIndex((item) => typeof item !== 'string');
    if (wrong !== -1) return conversionError(`$.${permissions.key}[${wrong}]`, 'System.String');
  }
  return undefined;
}

function conversionError(path: string, clrType: string): ValidationErrors {
  return { [path]: [`The JSON value could not be converted to ${clrType}. Path: ${path}`] };
}

/** Null and absent are the same to the store: the user has no such field. Types were checked above. */
function boundExtraFields(fields: Map<string, JsonField>): StaffExtraFields {
  const phone = fields.get('phone')?.value as string | null | undefined;
  const notes = fields.get('notes')?.value as string | null | undefined;
  const permissions = fields.get('permissions')?.value as string[] | null | undefined;
  return {
    ...(typeof phone === 'string' ? { phone } : {}),
    ...(typeof notes === 'string' ? { notes } : {}),
    ...(Array.isArray(permissions) ? { permissions: [...permissions] } : {}),
  };
}

function validateProfile(fields: Map<string, JsonField>): ValidationErrors {
  const errors: ValidationErrors = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const text = (name: string) => fields.get(name)?.value as string | null | undefined;

  for (const [name, property] of [['firstname', 'FirstName'], ['lastname', 'LastName']]) {
    const value = text(name);
    if (isBlank(value)) add(property, `The ${property} field is required.`);
    else if (value.length > NAME_MAX_LENGTH) {
      add(property, `The field ${property} must be a string with a minimum length of 1 and a maximum length of ${NAME_MAX_LENGTH}.`);
    }
  }
  const email = text('email');
  if (isBlank(email)) add('Email', 'The Email field is required.');
  else {
    if (email.length > EMAIL_MAX_LENGTH) add('Email', `The field Email must be a string with a maximum length of ${EMAIL_MAX_LENGTH}.`);
    if (!looksLikeEmail(email)) add('Email', 'The Email field is not a valid e-mail address.');
  }
  const role = text('role');
  if (isBlank(role)) add('Role', 'The Role field is required.');
  else if (!(STAFF_ROLES as readonly string[]).includes(role)) add('Role', `The Role field must be one of ${STAFF_ROLES.join(', ')}.`);
  const isActive = fields.get('isactive')?.value;
  if (isActive === undefined || isActive === null) add('IsActive', 'The IsActive field is required.');
  return errors;
}

function unbindable(key: string, message: string): ProfileBinding {
  return { kind: 'invalid', errors: { [key]: [message], [BODY_PARAMETER]: [`The ${BODY_PARAMETER} field is required.`] } };
}

function bindInt(query: URLSearchParams, name: string, min: number, max: number, errors: ValidationErrors): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw.trim())) {
    errors[name] = [`The value '${raw}' is not valid.`];
    return undefined;
  }
  const value = Number(raw);
  if (value < min || value > max) {
    errors[name] = [`The field ${name} must be between ${min} and ${max}.`];
    return undefined;
  }
  return value;
}

function isStringOrNull(value: unknown): boolean {
  return value === null || typeof value === 'string';
}

/** RequiredAttribute refuses null, empty and whitespace-only strings. */
function isBlank(value: string | null | undefined): value is null | undefined {
  return value === null || value === undefined || value.trim() === '';
}

/** EmailAddressAttribute's rule: exactly one `@`, neither first nor last. Deliberately that loose. */
function looksLikeEmail(value: string): boolean {
  const at = value.indexOf('@');
  return at > 0 && at === value.lastIndexOf('@') && at < value.length - 1;
}
