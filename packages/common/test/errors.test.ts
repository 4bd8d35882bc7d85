import { ApiError, endSentence, InputError, invalidResponse, reasonOf, withoutFinalStop } from '../src';

describe('sentences', () => {
  it.each([
    ['Not found', 'Not found.'],
    [' Not found. ', 'Not found.'],
    ['Really?', 'Really?'],
    ['Stop!', 'Stop!'],
  ])('endSentence(%j) is %j', (text, expected) => {
    expect(endSentence(text)).toBe(expected);
  });

  it.each([
    ['Not found.', 'Not found'],
    ['Not found...', 'Not found'],
    ['Really?', 'Really'],
    ['Not found', 'Not found'],
    ['Version 1.2 ', 'Version 1.2'],
  ])('withoutFinalStop(%j) is %j', (text, expected) => {
    expect(withoutFinalStop(text)).toBe(expected);
  });
});

describe('reasonOf: one policy for errors shown outside a run', () => {
  it('shows the sentence of an error this project throws on purpose', () => {
    expect(reasonOf(new InputError('apiKey', 'The API key is empty'))).toBe('The API key is empty.');
    expect(reasonOf(new ApiError({ kind: 'http', status: 401, message: 'Rejected', retryable: false }), 'Could not load users')).toBe('Rejected.');
  });

  it('shows only the name of any other error: its message may hold request details', () => {
    const bug = new TypeError('Cannot read properties of undefined (reading "Bearer sk-secret")');
    expect(reasonOf(bug)).toBe('unexpected error (TypeError)');
    expect(reasonOf(bug, 'Could not check the connection')).toBe('Could not check the connection: unexpected error (TypeError)');
    expect(reasonOf('thrown text')).toBe('unexpected error (string)');
  });
});

describe('invalidResponse', () => {
  it('is a final ApiError with the status, request id and code of the answer', () => {
    const error = invalidResponse({ status: 200, requestId: 'r-1' }, 'Not a user', 'NOT_A_USER');
    expect(error).toBeInstanceOf(ApiError);
    expect({ ...error }).toEqual({ name: 'ApiError', kind: 'invalid_response', status: 200, code: 'NOT_A_USER', requestId: 'r-1', retryable: false });
    expect(error.message).toBe('Not a user.');
  });
});
