import { AuditTrail, diffFields, isPreview, unreadFields } from '../src';

describe('diffFields', () => {
  it.each([
    [{ a: 1, b: 'x' }, { a: 1 }, []],
    [{ a: 1, b: 'x' }, { b: 'y' }, [{ field: 'b', from: 'x', to: 'y' }]],
    [{}, { a: false }, [{ field: 'a', from: undefined, to: false }]],
    [{ list: ['a'] }, { list: ['a'] }, []],
  ])('%j to %j changes %j', (current, wanted, expected) => {
    expect(diffFields(current, wanted)).toEqual(expected);
  });

  it('takes a field rule for equality', () => {
    const sameIgnoringCase = (_f: string, from: unknown, to: unknown) => String(from).toLowerCase() === String(to).toLowerCase();
    expect(diffFields({ email: 'A@x.co' }, { email: 'a@X.co' }, sameIgnoringCase)).toEqual([]);
  });
});

describe('unreadFields', () => {
  it('reports what was sent, without "from"', () => {
    expect(unreadFields({ status: 'INACTIVE' })).toEqual([{ field: 'status', to: 'INACTIVE' }]);
  });
});

describe('isPreview', () => {
  it.each([
    [true, true],
    [false, false],
    [undefined, false],
    [null, false],
    ['true', false],
  ])('%p is %p', (value, expected) => {
    expect(isPreview(value)).toBe(expected);
  });
});

describe('AuditTrail', () => {
  it('sums attempts and keeps request ids in order', () => {
    const trail = new AuditTrail('merchant-staff/update_user', 'u1');
    trail.record({ requestId: 'r1', attempts: 1 });
    trail.record({ attempts: 2 });
    trail.record({ requestId: 'r3', attempts: 1 });
    expect(trail.finish(new Date('2026-12-01T00:00:00Z'))).toEqual({
      at: '2026-12-01T00:00:00.000Z',
      action: 'merchant-staff/update_user',
      target: 'u1',
      requestIds: ['r1', 'r3'],
      attempts: 4,
    });
  });
});
