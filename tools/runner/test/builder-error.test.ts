// The builder's view of a failed step (packages/common/testing/builder-error.ts): which own properties
// change the headline and the message, and what is never shown.
import { builderErrorView, renderBuilderError } from '@user-admin-pieces/common/testing';

class ApiLikeError extends Error {
  override readonly name = 'ApiLikeError';
}

const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

describe('builderErrorView', () => {
  it.each([
    ['a numeric status gives the headline; the message stays ours', withProps('The user was not found.', { status: 404 }), { status: 404, message: 'The user was not found.' }],
    ['a status outside 100..599 is no headline', withProps('Odd.', { status: 42 }), { message: 'Odd.' }],
    ['a status as text is no headline', withProps('Odd.', { status: '404' }), { message: 'Odd.' }],
    ['an own `body` with a status replaces the message', withProps('ours', { status: 400, body: { message: 'theirs' } }), { status: 400, message: 'theirs', apiMessage: 'theirs' }],
    ['an own `error` is read before `body`', withProps('ours', { status: 422, error: { detail: 'from error' }, body: { message: 'from body' } }), { message: 'from error' }],
    ['ProblemDetails `errors` are joined', withProps('ours', { status: 400, body: { errors: [{ message: 'a' }, 'b'] } }), { message: 'a; b' }],
    ['`title` is found when there is no message', withProps('ours', { status: 409, body: { title: 'Conflict here' } }), { message: 'Conflict here' }],
    ['a body without a status is ignored', withProps('ours', { body: { message: 'theirs' } }), { message: 'ours' }],
    ['an HTML body is read as its words', withProps('ours', { status: 502, body: '<html><head><title>Bad gateway</title></head><body><h1>Oops</h1></body></html>' }), { message: 'Bad gateway — Oops' }],
    [
      'an axios-like response gives status, message and the request fields',
      withProps('ours', { response: { status: 503, body: { message: 'down' }, headers: { 'retry-after': '3' } }, request: { url: 'https://x/y', method: 'GET', body: { a: 1 } } }),
      { status: 503, message: 'down', responseHeaders: { 'retry-after': '3' }, requestUrl: 'https://x/y', requestMethod: 'GET', requestBody: { a: 1 } },
    ],
  ])('%s', (_title, error, expected) => {
    expect(builderErrorView(error)).toMatchObject(expected);
  });

  it('does not parse a JSON message: it is shown as it is', () => {
    const message = JSON.stringify({ field: 'userId', message: 'bad' }, null, 2);
    expect(builderErrorView(new Error(message)).message).toBe(message);
  });

  it('drops stack lines from the message, and cuts it at 2,000 characters', () => {
    expect(builderErrorView(new Error('Refused.\n    at run (/x.js:1:1)\n    at next (/y.js:2:2)')).message).toBe('Refused.');
    expect(builderErrorView(new Error('x'.repeat(2500))).message).toBe(`${'x'.repeat(2000)}…`);
  });

  it('names the error unless it is plain Error', () => {
    expect(builderErrorView(new ApiLikeError('m')).errorName).toBe('ApiLikeError');
    expect(builderErrorView(new Error('m')).errorName).toBeUndefined();
    expect(builderErrorView(new TypeError('m')).errorName).toBe('TypeError');
  });

  it('has Technical Details: util.inspect of the error with its own properties, cut at 16,000 characters', () => {
    expect(builderErrorView(withProps('m', { requestId: 'req-7' })).technicalDetails).toContain("requestId: 'req-7'");
    const long = builderErrorView(new Error('n'.repeat(20_000))).technicalDetails;
    expect(long).toMatch(/^Error: n+\n…\[truncated\]$/);
    expect(long?.length).toBe(16_000 + '\n…[truncated]'.length);
  });

  it('takes strings, nothing and shaped errors', () => {
    expect(builderErrorView('plain text\n    at x (y:1:1)')).toMatchObject({ message: 'plain text' });
    expect(builderErrorView(undefined)).toMatchObject({ message: 'Unknown error' });
    expect(builderErrorView({ __apErrorVersion: 1, message: 'already shaped', status: 418 })).toMatchObject({ message: 'already shaped', status: 418 });
  });
});

describe('renderBuilderError', () => {
  it('prints headline, message and name, and no stack', () => {
    const error = withProps('No user with id x.', { status: 404, name: 'ApiError' });
    expect(renderBuilderError(builderErrorView(error))).toBe('Failed with HTTP 404 Not Found\nNo user with id x.\n(ApiError)');
    expect(renderBuilderError(builderErrorView(new Error('Plain.')))).toBe('Failed\nPlain.');
  });

  it('adds the Technical Details only when asked', () => {
    const rendered = renderBuilderError(builderErrorView(withProps('m', { code: 'E_X' })), { details: true });
    expect(rendered).toMatch(/^Failed\nm\n\nTechnical Details:\nError: m\n/);
    expect(rendered).toContain("code: 'E_X'");
  });
});
