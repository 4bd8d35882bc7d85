import { MERCHANT_ADMIN_ID, MERCHANT_DOCS_USER_ID, MERCHANT_INACTIVE_ID, MERCHANT_OWNER_ID, MERCHANT_VIEWER_ID } from '../seed';
import { composeStaffUser } from './staff-user';
import type { StaffExtraFields, StaffRole, StaffUser } from './types';

interface SeedSpec extends StaffExtraFields {
  id: string;
  firstName: string;
  lastName: string;
  role: StaffRole;
  isActive?: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

// phone, notes and permissions are fields the API keeps but does not document (so the piece does not
// know them); some users have them so that a test can see a PUT lose them. Phone numbers are in the
// 555-01xx range reserved for fiction.
const SEEDS: SeedSpec[] = [
  {
    id: MERCHANT_OWNER_ID, firstName: 'Olivia', lastName: 'Owens', role: 'Owner', createdAt: '2024-01-03T08:00:00Z', lastLoginAt: '2024-09-30T07:45:12Z',
    phone: '+1 202 555 0101', permissions: ['staff:manage', 'billing:manage', 'reports:read'],
  },
  {
    id: MERCHANT_ADMIN_ID, firstName: 'Aaron', lastName: 'Adams', role: 'Admin', createdAt: '2024-02-14T09:30:00Z', lastLoginAt: '2024-09-28T16:02:40Z',
    notes: 'Covers the Friday late shift.', permissions: ['staff:manage', 'reports:read'],
  },
  {
    id: MERCHANT_DOCS_USER_ID, firstName: 'Grace', lastName: 'Hopper', role: 'Staff', createdAt: '2024-03-21T10:15:00Z', lastLoginAt: '2024-09-29T12:00:00Z',
    phone: '+1 202 555 0143', notes: 'Opens the store on weekdays; holds the alarm code.', permissions: ['orders:refund', 'inventory:write'],
  },
  { id: MERCHANT_VIEWER_ID, firstName: 'Victor', lastName: 'Vance', role: 'Viewer', createdAt: '2024-04-02T13:00:00Z', lastLoginAt: null },
  {
    id: MERCHANT_INACTIVE_ID, firstName: 'Ingrid', lastName: 'Isaksen', role: 'Staff', isActive: false, createdAt: '2024-05-11T15:20:00Z', lastLoginAt: '2024-06-01T09:00:00Z',
    phone: '+1 202 555 0187',
  },
];

export function seedStaffUsers(extraUsers: number): StaffUser[] {
  const named = SEEDS.map((spec) =>
    staffUser({
      // ASP.NET serialises a Guid in lower case whatever case the client used.
      ...spec,
      id: spec.id.toLowerCase(),
      isActive: spec.isActive ?? true,
    }),
  );
  return [...named, ...Array.from({ length: extraUsers }, (_, index) => generatedStaffUser(index + 1))];
}

export function generatedStaffUserId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function generatedStaffUser(n: number): StaffUser {
  return staffUser({
    id: generatedStaffUserId(n),
    firstName: 'Generated',
    lastName: `Staff ${String(n).padStart(6, '0')}`,
    role: 'Staff',
    isActive: true,
    createdAt: new Date(Date.parse('2023-01-01T00:00:00Z') + n * 60_000).toISOString(),
    lastLoginAt: null,
  });
}

function staffUser(spec: SeedSpec & { isActive: boolean }): StaffUser {
  const { id, lastLoginAt, createdAt, ...profile } = spec;
  const email = `${spec.firstName}.${spec.lastName}@example.com`.toLowerCase().replace(/ /g, '.');
  return composeStaffUser({ id, lastLoginAt, createdAt, updatedAt: createdAt }, { ...profile, email });
}
