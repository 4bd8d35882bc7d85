import {
  AP_API_KEY,
  AP_OTHER_PLATFORM_USER_ID,
  AP_SEEDED_USER_IDS,
  MERCHANT_ADMIN_ID,
  MERCHANT_DOCS_USER_ID,
  MERCHANT_INACTIVE_ID,
  MERCHANT_OWNER_ID,
  MERCHANT_SEEDED_USER_IDS,
  MERCHANT_VIEWER_ID,
} from '../src/seed';
import { generatedUserId } from '../src/activepieces/seed-users';
import { generatedStaffUserId, seedStaffUsers } from '../src/merchant/seed-users';

describe('seed constants', () => {
  it('has an API key of the real shape: sk- and 61 alphanumerics', () => {
    expect(AP_API_KEY).toMatch(/^sk-[0-9a-zA-Z]{61}$/);
  });

  it('uses 21-character alphanumeric Activepieces user ids', () => {
    for (const id of [...AP_SEEDED_USER_IDS, AP_OTHER_PLATFORM_USER_ID, generatedUserId(1), generatedUserId(250)]) {
      expect(id).toMatch(/^[0-9a-zA-Z]{21}$/);
    }
  });

  it('uses GUIDs for merchant staff ids, including the upper-case one from the docs', () => {
    for (const id of [...MERCHANT_SEEDED_USER_IDS, generatedStaffUserId(7)]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    }
    expect(MERCHANT_SEEDED_USER_IDS).toContain('2489E9AD-2EE2-8E00-8EC9-32D5F69181C0');
  });

  it('gives some merchant users fields the API keeps but does not document, the same every time', () => {
    const extras = (id: string) => {
      const { phone, notes, permissions } = seedStaffUsers(0).find((user) => user.id === id.toLowerCase()) ?? {};
      return { phone, notes, permissions };
    };
    expect(extras(MERCHANT_OWNER_ID)).toEqual({ phone: '+1 202 555 0101', permissions: ['staff:manage', 'billing:manage', 'reports:read'] });
    expect(extras(MERCHANT_ADMIN_ID)).toEqual({ notes: 'Covers the Friday late shift.', permissions: ['staff:manage', 'reports:read'] });
    expect(extras(MERCHANT_DOCS_USER_ID)).toEqual({
      phone: '+1 202 555 0143',
      notes: 'Opens the store on weekdays; holds the alarm code.',
      permissions: ['orders:refund', 'inventory:write'],
    });
    expect(extras(MERCHANT_VIEWER_ID)).toEqual({});
    expect(extras(MERCHANT_INACTIVE_ID)).toEqual({ phone: '+1 202 555 0187' });
    expect(seedStaffUsers(3)).toEqual(seedStaffUsers(3));
  });

  it('keeps the merchant users’ names, emails and roles', () => {
    expect(seedStaffUsers(0).map(({ id, fullName, email, role, isActive }) => [id, fullName, email, role, isActive])).toEqual([
      [MERCHANT_OWNER_ID, 'Olivia Owens', 'olivia.owens@example.com', 'Owner', true],
      [MERCHANT_ADMIN_ID, 'Aaron Adams', 'aaron.adams@example.com', 'Admin', true],
      [MERCHANT_DOCS_USER_ID.toLowerCase(), 'Grace Hopper', 'grace.hopper@example.com', 'Staff', true],
      [MERCHANT_VIEWER_ID, 'Victor Vance', 'victor.vance@example.com', 'Viewer', true],
      [MERCHANT_INACTIVE_ID, 'Ingrid Isaksen', 'ingrid.isaksen@example.com', 'Staff', false],
    ]);
  });
});
