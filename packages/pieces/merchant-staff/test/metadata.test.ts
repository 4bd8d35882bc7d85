import { translatableStrings } from '@user-admin-pieces/common/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { merchantStaff } from '../src';

describe('metadata', () => {
  const metadata = merchantStaff.metadata();

  it('describes the piece', () => {
    expect(metadata).toMatchObject({
      displayName: 'Merchant Staff',
      logoUrl: 'https://cdn.activepieces.com/pieces/store.png',
      minimumSupportedRelease: '0.82.0',
    });
    expect(Object.keys(metadata.actions)).toEqual(['update_user', 'update_users', 'find_user', 'custom_api_call']);
    expect(Object.keys(metadata.triggers)).toEqual([]);
  });

  it('offers find_user to people and to AI agents, as an idempotent read, with its three props', () => {
    const findUser = metadata.actions['find_user'];
    expect(findUser.audience).toBe('both');
    expect(findUser.aiMetadata).toMatchObject({ idempotent: true });
    expect(Object.fromEntries(Object.entries(findUser.props).map(([key, prop]) => [key, [prop.type, prop.required]]))).toEqual({
      email: ['SHORT_TEXT', false],
      name: ['SHORT_TEXT', false],
      failIfNotFound: ['CHECKBOX', false],
    });
    expect(findUser.props['failIfNotFound']).toMatchObject({ defaultValue: true });
  });

  it('offers update_user to people and to AI agents, as an idempotent action', () => {
    expect(metadata.actions['update_user'].audience).toBe('both');
    expect(metadata.actions['update_user'].aiMetadata).toMatchObject({ idempotent: true });
    // An agent learns what a preview is and that a second run is safe.
    const { description } = metadata.actions['update_user'].aiMetadata as { description: string };
    expect(description).toContain('previewOnly true it only reads the user');
    expect(description).toContain('running it again is safe');
    expect(metadata.actions['custom_api_call'].audience).toBe('human');
  });

  it('has a CustomAuth with a required base URL without default and a secret token', () => {
    expect(metadata.auth).toMatchObject({ type: 'CUSTOM_AUTH', required: true });
    const props = (metadata.auth as { props: Record<string, { type: string; required: boolean; defaultValue?: unknown }> }).props;
    expect(Object.keys(props)).toEqual(['baseUrl', 'apiToken']);
    expect(props['baseUrl']).toMatchObject({ type: 'SHORT_TEXT', required: true });
    expect(props['baseUrl'].defaultValue).toBeUndefined();
    expect(props['apiToken']).toMatchObject({ type: 'SECRET_TEXT', required: true });
  });

  it('update_user has exactly the seven props, with the exact dropdown options', () => {
    const props = metadata.actions['update_user'].props;
    expect(Object.keys(props)).toEqual(['userId', 'firstName', 'lastName', 'email', 'role', 'status', 'previewOnly']);
    expect(Object.fromEntries(Object.entries(props).map(([key, prop]) => [key, [prop.type, prop.required]]))).toEqual({
      userId: ['DROPDOWN', true],
      firstName: ['SHORT_TEXT', false],
      lastName: ['SHORT_TEXT', false],
      email: ['SHORT_TEXT', false],
      role: ['STATIC_DROPDOWN', false],
      status: ['STATIC_DROPDOWN', false],
      previewOnly: ['CHECKBOX', false],
    });
    expect(props['previewOnly']).toMatchObject({ displayName: 'Preview only', defaultValue: false });
    expect(props['role']).toMatchObject({
      options: {
        options: [
          { label: 'Owner', value: 'Owner' },
          { label: 'Admin', value: 'Admin' },
          { label: 'Staff', value: 'Staff' },
          { label: 'Viewer', value: 'Viewer' },
        ],
      },
    });
    expect(props['status']).toMatchObject({
      options: {
        options: [
          { label: 'Active', value: 'ACTIVE' },
          { label: 'Inactive (revoke access)', value: 'INACTIVE' },
        ],
      },
    });
  });
});

describe('translations', () => {
  const i18nDir = join(__dirname, '../src/i18n');
  const load = (file: string): Record<string, string> => JSON.parse(readFileSync(join(i18nDir, file), 'utf8'));

  it('lists every display string in translation.json, mapped to itself, and nothing else', () => {
    const template = load('translation.json');
    const strings = translatableStrings(merchantStaff);
    expect(strings.length).toBeGreaterThan(30);
    expect(Object.keys(template).sort()).toEqual([...strings].sort());
    for (const [key, value] of Object.entries(template)) expect(value).toBe(key);
  });

  it('translates every key into German', () => {
    const template = load('translation.json');
    const german = load('de.json');
    expect(Object.keys(german).sort()).toEqual(Object.keys(template).sort());
    for (const [key, value] of Object.entries(german)) expect([key, value.trim()]).not.toEqual([key, '']);
    expect(german['Update User']).toBe('Benutzer aktualisieren');
    expect(german['Find User']).toBe('Benutzer suchen');
  });
});
