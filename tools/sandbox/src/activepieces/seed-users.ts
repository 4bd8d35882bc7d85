import {
  AP_ADMIN_ID,
  AP_INACTIVE_ID,
  AP_MEMBER_ID,
  AP_OPERATOR_ID,
  AP_OTHER_PLATFORM_ID,
  AP_OTHER_PLATFORM_USER_ID,
  AP_OWNER_ID,
  AP_PLATFORM_ID,
  AP_UNLINKED_MEMBER_ID,
} from '../seed';
import type { ApPlatformRole, ApUser, ApUserStatus } from './types';

interface SeedSpec {
  id: string;
  firstName: string;
  lastName: string;
  platformRole: ApPlatformRole;
  status?: ApUserStatus;
  externalId: string | null;
  platformId?: string;
  created: string;
  lastActiveDate?: string | null;
}

const SEEDS: SeedSpec[] = [
  { id: AP_OWNER_ID, firstName: 'Ada', lastName: 'Lovelace', platformRole: 'ADMIN', externalId: 'hr-1001', created: '2024-01-02T09:00:00.000Z' },
  { id: AP_MEMBER_ID, firstName: 'Grace', lastName: 'Hopper', platformRole: 'MEMBER', externalId: 'hr-1002', created: '2024-02-05T10:30:00.000Z' },
  { id: AP_OPERATOR_ID, firstName: 'Alan', lastName: 'Turing', platformRole: 'OPERATOR', externalId: null, created: '2024-03-11T08:15:00.000Z' },
  { id: AP_ADMIN_ID, firstName: 'Katherine', lastName: 'Johnson', platformRole: 'ADMIN', externalId: 'hr-1004', created: '2024-04-20T14:45:00.000Z' },
  { id: AP_INACTIVE_ID, firstName: 'Linus', lastName: 'Pauling', platformRole: 'MEMBER', status: 'INACTIVE', externalId: 'hr-1005', created: '2024-05-09T16:00:00.000Z' },
  { id: AP_UNLINKED_MEMBER_ID, firstName: 'Margaret', lastName: 'Hamilton', platformRole: 'MEMBER', externalId: null, created: '2024-06-17T11:20:00.000Z', lastActiveDate: null },
  // Same externalId as the owner on purpose: the filter must stay within the caller's platform.
  { id: AP_OTHER_PLATFORM_USER_ID, firstName: 'Otto', lastName: 'Other', platformRole: 'ADMIN', externalId: 'hr-1001', platformId: AP_OTHER_PLATFORM_ID, created: '2024-07-01T12:00:00.000Z' },
];

/** Older than every named seed, so the named users lead the newest-first list. */
const GENERATED_EPOCH = Date.parse('2023-01-01T00:00:00.000Z');

export function seedActivepiecesUsers(extraUsers: number): ApUser[] {
  const named = SEEDS.map((spec): ApUser => ({
    id: spec.id,
    email: `${spec.firstName}.${spec.lastName}@example.com`.toLowerCase(),
    firstName: spec.firstName,
    lastName: spec.lastName,
    status: spec.status ?? 'ACTIVE',
    platformRole: spec.platformRole,
    externalId: spec.externalId,
    platformId: spec.platformId ?? AP_PLATFORM_ID,
    created: spec.created,
    updated: spec.created,
    lastActiveDate: spec.lastActiveDate === undefined ? spec.created : spec.lastActiveDate,
    imageUrl: null,
  }));
  return [...named, ...Array.from({ length: extraUsers }, (_, index) => generatedUser(index + 1))];
}

export function generatedUserId(n: number): string {
  return `genUser${String(n).padStart(14, '0')}`;
}

function generatedUser(n: number): ApUser {
  const created = new Date(GENERATED_EPOCH + n * 60_000).toISOString();
  return {
    id: generatedUserId(n),
    email: `generated.user${n}@example.com`,
    firstName: 'Generated',
    lastName: `User ${n}`,
    status: 'ACTIVE',
    platformRole: 'MEMBER',
    externalId: `gen-${n}`,
    platformId: AP_PLATFORM_ID,
    created,
    updated: created,
    lastActiveDate: null,
    imageUrl: null,
  };
}
