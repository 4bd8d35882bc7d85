// The change report's words, table-tested: what a real run says it sent, and what a preview says would change.
import { appliedReport, previewReport } from '../src/lib/common/change-report';
import { UpdateUserBody } from '../src/lib/common/types';
import { user, userId } from './helpers';

const audit = { at: '2026-12-01T06:00:00.000Z', action: 'activepieces-platform/update_user', target: userId(7), requestIds: ['r1'], attempts: 1 };

describe('appliedReport: the fields sent, without from', () => {
  it.each<[UpdateUserBody, string]>([
    [{ status: 'INACTIVE' }, 'Set status INACTIVE'],
    [{ platformRole: 'ADMIN', externalId: 'hr-1' }, 'Set platform role ADMIN, external id hr-1'],
    [{ status: 'ACTIVE', platformRole: 'OPERATOR', externalId: 'x' }, 'Set status ACTIVE, platform role OPERATOR, external id x'],
  ])('%p', (body, summary) => {
    expect(appliedReport(body, audit)).toStrictEqual({
      applied: true,
      preview: false,
      fields: Object.entries(body).map(([field, to]) => ({ field, to })),
      summary,
      audit,
    });
  });
});

describe('previewReport: only what differs, from and to', () => {
  const current = user(7, { status: 'ACTIVE', platformRole: 'MEMBER', externalId: 'hr-7' });
  it.each<[UpdateUserBody, string, number]>([
    [{ status: 'INACTIVE' }, 'Would change status ACTIVE → INACTIVE', 1],
    [{ status: 'ACTIVE' }, 'Nothing to change: status is already ACTIVE', 0],
    [{ status: 'ACTIVE', platformRole: 'MEMBER', externalId: 'hr-7' }, 'Nothing to change: status is already ACTIVE, platform role is already MEMBER, external id is already hr-7', 0],
    [{ platformRole: 'ADMIN', externalId: 'hr-7' }, 'Would change platform role MEMBER → ADMIN; external id is already hr-7', 1],
    [{ status: 'INACTIVE', externalId: 'hr-8' }, 'Would change status ACTIVE → INACTIVE, external id hr-7 → hr-8', 2],
  ])('%p', (body, summary, changed) => {
    const report = previewReport(current, body, audit);
    expect(report).toMatchObject({ applied: false, preview: true, summary, audit });
    expect(report.fields).toHaveLength(changed);
    for (const change of report.fields) expect(change).toStrictEqual({ field: change.field, from: current[change.field as keyof typeof current], to: body[change.field as keyof UpdateUserBody] });
  });

  it('shows an external id that was never set as (none)', () => {
    expect(previewReport(user(7, { externalId: null }), { externalId: 'hr-1' }, audit).summary).toBe('Would change external id (none) → hr-1');
  });
});
