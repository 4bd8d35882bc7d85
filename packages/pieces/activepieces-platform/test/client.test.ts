import { InputError } from '@user-admin-pieces/common';
import { normalizeApiBaseUrl } from '../src/lib/common/client';

describe('base URL normalisation', () => {
  it.each([
    ['https://cloud.activepieces.com/api/v1', 'https://cloud.activepieces.com/api'],
    ['https://cloud.activepieces.com/api/v1/', 'https://cloud.activepieces.com/api'],
    ['https://cloud.activepieces.com/api', 'https://cloud.activepieces.com/api'],
    ['https://cloud.activepieces.com/api/', 'https://cloud.activepieces.com/api'],
    ['https://cloud.activepieces.com', 'https://cloud.activepieces.com/api'],
    ['https://cloud.activepieces.com/', 'https://cloud.activepieces.com/api'],
    ['  https://ap.example.com:8443/API/V1  ', 'https://ap.example.com:8443/api'],
    ['https://example.com/automation/api/v1', 'https://example.com/automation/api'],
    ['http://localhost:4200/api/v1?x=1#top', 'http://localhost:4200/api'],
  ])('%s -> %s', (raw, expected) => {
    expect(normalizeApiBaseUrl(raw)).toBe(expected);
  });

  it.each([
    ['https://example.com/v1', 'baseApiUrl', 'The base URL https://example.com/v1 should end with /api or /api/v1, e.g. https://cloud.activepieces.com/api/v1.'],
    ['https://example.com/api/v1/users', 'baseApiUrl', 'The base URL https://example.com/api/v1/users should end with /api or /api/v1, e.g. https://cloud.activepieces.com/api/v1.'],
    ['cloud.activepieces.com/api/v1', 'baseApiUrl', 'The base URL is not a valid URL. It must look like https://host.example.com.'],
    ['', 'baseApiUrl', 'The base URL is empty. Set it in the connection, e.g. https://host.example.com.'],
  ])('refuses %p', (raw, field, sentence) => {
    expect(() => normalizeApiBaseUrl(raw)).toThrow(new InputError(field, sentence));
  });
});
