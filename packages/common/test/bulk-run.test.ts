import { ApiError, AuditTrail, BulkItem, BulkJob, BulkOutput, InputError, ItemDone, MAX_RATE_LIMITED_TRIES, runBulk, startBudget } from '../src';
import { fakeDateAndTimers, rejection } from '../testing';

const updated = (...fields: string[]): ItemDone => ({ outcome: 'updated', fields });

function items(count: number): BulkItem<number>[] {
  return Array.from({ length: count }, (_, index) => ({ index, target: `user${index}`, id: `user${index}`, plan: index }));
}

function job(list: unknown[], work: BulkJob<number>['work'], overrides: Partial<BulkJob<number>> = {}): BulkJob<number> {
  const settings = { concurrency: 4, budgetMs: 480_000, onlyFailures: false, ...overrides.settings };
  return {
    action: 'test/update_users',
    list,
    items: items(list.length),
    settled: [],
    preview: false,
    settings,
    budget: startBudget(settings),
    work,
    ...overrides,
  };
}

/** A work function that takes `ms` of fake time per call and records when each call started. */
function timedWork(ms: number, answer: (item: BulkItem<number>, call: number) => ItemDone | Error) {
  const starts: { index: number; at: number }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const work = async (item: BulkItem<number>, trail: AuditTrail): Promise<ItemDone> => {
    starts.push({ index: item.index, at: Date.now() });
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running--;
    trail.record({ requestIds: [`req-${item.index}-${starts.filter((s) => s.index === item.index).length}`], attempts: 1 });
    const outcome = answer(item, starts.filter((s) => s.index === item.index).length);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { work, starts, mostAtOnce: () => mostAtOnce };
}

/** Runs the job on Jest's fake clock, moving it on until the run settles. */
async function onFakeClock<T>(run: () => Promise<T>): Promise<T> {
  let settled = false;
  const outcome = run().finally(() => {
    settled = true;
  });
  outcome.catch(() => undefined);
  for (let turn = 0; turn < 100_000 && !settled; turn++) await jest.advanceTimersByTimeAsync(10);
  return outcome;
}

const rateLimited = (retryAfterMs?: number) => {
  const error = new ApiError({ kind: 'http', status: 429, message: 'Example answered 429 (too many requests).', retryable: true });
  if (retryAfterMs !== undefined) Object.defineProperty(error, 'retryAfterMs', { value: retryAfterMs, enumerable: true });
  return error;
};

beforeEach(() => fakeDateAndTimers());
afterEach(() => jest.useRealTimers());

describe('runBulk', () => {
  it('reports every outcome in list order, with counts, a summary and one audit line', async () => {
    const list = ['a', 'b', 'c', 'd', 'e', 'f'];
    const { work } = timedWork(5, (item) => {
      if (item.index === 1) return { outcome: 'unchanged', fields: [] };
      if (item.index === 2) return new InputError('status', 'The platform owner cannot be deactivated.');
      if (item.index === 3) return new ApiError({ kind: 'http', status: 404, message: 'No user with id user3 on this platform.', retryable: false });
      if (item.index === 4) return new TypeError('a bug with details');
      return updated('status');
    });
    const all = items(6);
    const output = await onFakeClock(() =>
      runBulk(
        job(list, work, {
          items: [all[0], all[1], all[2], all[3], all[4], { ...all[5], id: 'user0' }],
          settled: [{ index: 6, target: 'x', outcome: 'invalid', reason: 'bad' }],
          list: [...list, 'g'],
          before: { at: '', action: '', target: '', requestIds: ['list-1'], attempts: 1 },
        }),
      ),
    );
    expect(output.results).toEqual([
      { index: 0, target: 'user0', outcome: 'updated', fields: ['status'] },
      { index: 1, target: 'user1', outcome: 'unchanged' },
      { index: 2, target: 'user2', outcome: 'invalid', reason: 'The platform owner cannot be deactivated.' },
      { index: 3, target: 'user3', outcome: 'failed', reason: 'No user with id user3 on this platform.' },
      { index: 4, target: 'user4', outcome: 'failed', reason: 'unexpected error (TypeError)' },
      { index: 5, target: 'user5', id: 'user0', outcome: 'duplicate', reason: 'Same user as item 0, which was processed instead.' },
      { index: 6, target: 'x', outcome: 'invalid', reason: 'bad' },
    ]);
    expect(output.counts).toEqual({ updated: 1, unchanged: 1, planned: 0, invalid: 2, duplicate: 1, failed: 2, not_reached: 0 });
    expect(output.done).toBe(true);
    expect(output.remaining).toEqual([]);
    expect(output.summary).toBe('All 7 items done: 1 updated, 1 unchanged, 2 invalid, 1 duplicate, 2 failed.');
    expect(output.audit).toMatchObject({ action: 'test/update_users', target: '7 items', requestIds: ['list-1', 'req-0-1', 'req-1-1', 'req-2-1', 'req-3-1', 'req-4-1'], requestIdsNotListed: 0 });
  });

  it.each([1, 4, 10])('runs %p workers at once', async (concurrency) => {
    const { work, mostAtOnce } = timedWork(50, () => updated('status'));
    const settings = { concurrency, budgetMs: 480_000, onlyFailures: false };
    const output = await onFakeClock(() => runBulk(job(new Array(30).fill('x'), work, { settings })));
    expect(mostAtOnce()).toBe(concurrency);
    expect(output.counts.updated).toBe(30);
  });

  it('pauses every worker for the time a 429 asks, then retries the item', async () => {
    const { work, starts } = timedWork(100, (item, call) => (item.index === 5 && call === 1 ? rateLimited(2_000) : updated('status')));
    const begin = Date.now();
    const output = await onFakeClock(() => runBulk(job(new Array(20).fill('x'), work)));
    expect(output.counts).toMatchObject({ updated: 20, failed: 0 });
    const limitedAt = (starts.find((s) => s.index === 5)?.at ?? NaN) + 100;
    // Items already running finish; none starts while the pause lasts.
    expect(starts.filter((s) => s.at > limitedAt && s.at < limitedAt + 2_000)).toEqual([]);
    expect(starts.filter((s) => s.index === 5).map((s) => s.at)).toEqual([limitedAt - 100, limitedAt + 2_000]);
    expect(starts).toHaveLength(21);
    expect(Date.now() - begin).toBeGreaterThanOrEqual(2_000);
  });

  it(`gives an item up as failed after ${MAX_RATE_LIMITED_TRIES} rate-limited tries`, async () => {
    const { work, starts } = timedWork(10, (item) => (item.index === 0 ? rateLimited() : updated('status')));
    const output = await onFakeClock(() => runBulk(job(['a', 'b'], work)));
    expect(starts.filter((s) => s.index === 0)).toHaveLength(MAX_RATE_LIMITED_TRIES);
    expect(output.results[0]).toEqual({ index: 0, target: 'user0', outcome: 'failed', reason: 'Example answered 429 (too many requests).' });
  });

  it('ends the run when the wait asked for goes past the budget: the rest is remaining', async () => {
    const settings = { concurrency: 1, budgetMs: 10_000, onlyFailures: false };
    const { work, starts } = timedWork(10, (item) => (item.index === 2 ? rateLimited(60_000) : updated('status')));
    const list = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }];
    const output = await onFakeClock(() => runBulk(job(list, work, { settings })));
    expect(starts).toHaveLength(3);
    expect(output.done).toBe(false);
    expect(output.remaining).toEqual([{ id: 'c' }, { id: 'd' }]);
    expect(output.counts).toMatchObject({ updated: 2, not_reached: 2 });
    expect(output.summary).toBe(
      'Not finished: the API asked to wait 60 s, past the time budget. 2 of 4 items done (2 updated, 2 not reached); the 2 not reached are in remaining, in the list\'s own shape: run the step again with them.',
    );
  });

  it('takes no new item after the time budget and returns the rest in the shape of the list', async () => {
    const settings = { concurrency: 2, budgetMs: 1_000, onlyFailures: false };
    const { work, starts } = timedWork(300, () => updated('status'));
    const list = Array.from({ length: 10 }, (_, i) => ({ email: `p${i}@x.co`, status: 'INACTIVE' }));
    const output = await onFakeClock(() => runBulk(job(list, work, { settings })));
    // Started at 0, 300, 600 and 900 ms by each of the two workers: 8 items; none at 1,200 ms.
    expect(starts).toHaveLength(8);
    expect(Math.max(...starts.map((s) => s.at)) - starts[0].at).toBe(900);
    expect(output.remaining).toEqual(list.slice(8));
    expect(output.results.slice(8)).toEqual([
      { index: 8, target: 'user8', outcome: 'not_reached', reason: 'Not started within the time budget.' },
      { index: 9, target: 'user9', outcome: 'not_reached', reason: 'Not started within the time budget.' },
    ]);
    expect(output.done).toBe(false);
  });

  it('stops the whole step at a 401 with one message saying how many were written', async () => {
    const expired = new ApiError({ kind: 'http', status: 401, code: 'UNAUTHORIZED', message: 'Example rejected the API key. Check the key in the connection.', retryable: false });
    const { work, starts } = timedWork(100, (item) => (item.index >= 6 ? expired : item.index === 1 ? { outcome: 'unchanged', fields: [] } : updated('status')));
    const error = await onFakeClock(() => rejection(runBulk(job(new Array(40).fill('x'), work)), ApiError));
    expect(error.message).toBe(
      'Example rejected the API key. Check the key in the connection. The step stopped there: 6 of 40 items were done before it (5 updated, 1 unchanged), and 5 were updated; the others were not changed. Run the step again once this is fixed: users already done come back unchanged.',
    );
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', retryable: false });
    // Items 6 to 9 were in flight when the first 401 came back; nothing was started after it.
    expect(starts).toHaveLength(10);
  });

  it('stops at a network failure too, and a preview says nothing was changed', async () => {
    const refused = new ApiError({ kind: 'network', message: 'Could not connect to 127.0.0.1:9: the connection was refused.', retryable: true });
    const { work } = timedWork(10, (item) => (item.index === 0 ? refused : { outcome: 'planned', fields: ['status'] }));
    const error = await onFakeClock(() => rejection(runBulk(job(['a', 'b'], work, { preview: true, settings: { concurrency: 1, budgetMs: 1_000, onlyFailures: false } })), ApiError));
    expect(error.message).toBe(
      'Could not connect to 127.0.0.1:9: the connection was refused. The step stopped there: 0 of 2 items were done before it, and nothing was changed (preview); the others were not changed. Run the step again once this is fixed: users already done come back unchanged.',
    );
  });

  it('lists only failures with "Only failures and counts", and keeps the counts and remaining whole', async () => {
    const { work } = timedWork(1, (item) => (item.index === 3 ? new ApiError({ kind: 'timeout', message: 'Example did not answer within 30 s.', retryable: true }) : updated('role')));
    const settings = { concurrency: 4, budgetMs: 480_000, onlyFailures: true };
    const output = await onFakeClock(() =>
      runBulk(job(new Array(5).fill('x'), work, { settings, settled: [{ index: 4, target: 'x', outcome: 'invalid', reason: 'bad' }], items: items(4) })),
    );
    expect(output.results).toEqual([
      { index: 3, target: 'user3', outcome: 'failed', reason: 'Example did not answer within 30 s.' },
      { index: 4, target: 'x', outcome: 'invalid', reason: 'bad' },
    ]);
    expect(output.counts).toMatchObject({ updated: 3, failed: 1, invalid: 1 });
  });

  it('keeps 1,000 results under 200 bytes each, and lists 20 request ids with a count of the rest', async () => {
    const { work } = timedWork(0, () => updated('status', 'platformRole'));
    const list = Array.from({ length: 1_000 }, (_, i) => ({ id: `usr${String(i).padStart(18, '0')}`, status: 'INACTIVE', platformRole: 'MEMBER' }));
    const output: BulkOutput = await onFakeClock(() =>
      runBulk(job(list, work, { items: list.map((item, index) => ({ index, target: item.id, id: item.id, plan: index })), settings: { concurrency: 10, budgetMs: 480_000, onlyFailures: false } })),
    );
    expect(output.counts.updated).toBe(1_000);
    expect(JSON.stringify(output).length / 1_000).toBeLessThan(200);
    expect(output.audit.requestIds).toHaveLength(20);
    expect(output.audit.requestIdsNotListed).toBe(980);
  });
});
