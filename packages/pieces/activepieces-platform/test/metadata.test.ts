import { translatableStrings } from '@user-admin-pieces/common/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activepiecesPlatform } from '../src';
import { PLATFORM_ROLES, USER_STATUSES } from '../src/lib/common/enums';

const metadata = activepiecesPlatform.metadata();

describe('piece metadata', () => {
  it('describes the piece', () => {
    expect(metadata.displayName).toBe('Activepieces Platform');
    expect(metadata.logoUrl).toBe('https://cdn.activepieces.com/pieces/activepieces.png');
    expect(metadata.description).not.toBe('');
    expect(metadata.minimumSupportedRelease).toBe('0.82.0');
    expect(metadata.authors?.length).toBeGreaterThan(0);
  });

  it('has the connection props with the official default base URL', () => {
    const auth = activepiecesPlatform.auth;
    expect(auth?.type).toBe('CUSTOM_AUTH');
    expect(Object.keys(auth?.props ?? {})).toEqual(['baseApiUrl', 'apiKey']);
    expect(auth?.props.baseApiUrl.defaultValue).toBe('https://cloud.activepieces.com/api/v1');
    expect(auth?.props.apiKey.type).toBe('SECRET_TEXT');
    expect(auth?.validate).toBeInstanceOf(Function);
  });

  it('has exactly its actions, with stable names', () => {
    expect(Object.keys(metadata.actions)).toEqual([
      'update_user',
      'update_users',
      'find_user',
      'list_users',
      'offboard_user',
      'delete_user',
      'invite_user',
      'list_invitations',
      'revoke_invitation',
      'list_user_memberships',
      'change_project_role',
      'remove_from_project',
      'custom_api_call',
    ]);
    expect(metadata.actions['update_user'].displayName).toBe('Update User');
    expect(metadata.actions['find_user'].displayName).toBe('Find User');
    expect(metadata.triggers).toEqual({});
  });

  it('gives update_user exactly its five props, Preview only off by default', () => {
    const props = metadata.actions['update_user'].props;
    expect(Object.keys(props)).toEqual(['userId', 'status', 'platformRole', 'externalId', 'previewOnly']);
    expect(props['previewOnly']).toMatchObject({ type: 'CHECKBOX', required: false, defaultValue: false, displayName: 'Preview only' });
    expect(props['userId']).toMatchObject({ type: 'DROPDOWN', required: true, refreshOnSearch: true });
    expect(props['status']).toMatchObject({ type: 'STATIC_DROPDOWN', required: false });
    expect(props['platformRole']).toMatchObject({ type: 'STATIC_DROPDOWN', required: false });
    expect(props['externalId']).toMatchObject({ type: 'SHORT_TEXT', required: false });
  });

  it('offers exactly the status and role options, labelled, in enum order', () => {
    const props = metadata.actions['update_user'].props;
    expect(props['status']).toMatchObject({
      options: {
        options: [
          { label: 'Active', value: 'ACTIVE' },
          { label: 'Inactive (revoke access)', value: 'INACTIVE' },
        ],
      },
    });
    expect(props['platformRole']).toMatchObject({
      options: {
        options: [
          { label: 'Admin: full control of the platform, its users and settings', value: 'ADMIN' },
          { label: 'Member: works only in the projects they are invited to', value: 'MEMBER' },
          { label: 'Operator: works in every project, without platform settings', value: 'OPERATOR' },
        ],
      },
    });
    expect(USER_STATUSES).toEqual(['ACTIVE', 'INACTIVE']);
    expect(PLATFORM_ROLES).toEqual(['ADMIN', 'MEMBER', 'OPERATOR']);
  });

  it('gives find_user its lookup props and a fail switch that defaults to on', () => {
    const props = metadata.actions['find_user'].props;
    expect(Object.keys(props)).toEqual(['email', 'externalId', 'failIfNotFound']);
    expect(props['failIfNotFound']).toMatchObject({ type: 'CHECKBOX', defaultValue: true });
  });

  it('marks update and find as safe to repeat for AI agents', () => {
    for (const name of ['update_user', 'find_user']) {
      expect(metadata.actions[name].audience).toBe('both');
      expect(metadata.actions[name].aiMetadata).toMatchObject({ idempotent: true });
    }
  });
});

describe('translations', () => {
  const i18nDir = join(__dirname, '../src/i18n');
  const load = (file: string): Record<string, string> => JSON.parse(readFileSync(join(i18nDir, file), 'utf8'));

  it('lists every display string in translation.json, mapped to itself', () => {
    const template = load('translation.json');
    const strings = translatableStrings(activepiecesPlatform);
    expect(strings.length).toBeGreaterThan(30);
    expect(Object.keys(template).sort()).toEqual([...strings].sort());
    for (const [key, value] of Object.entries(template)) expect(value).toBe(key);
  });

  it('translates every key into German', () => {
    const template = load('translation.json');
    const german = load('de.json');
    expect(Object.keys(german).sort()).toEqual(Object.keys(template).sort());
    expect(german['Update User']).toBe('Benutzer aktualisieren');
  });
});
