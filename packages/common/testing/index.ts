// Test-only helpers shared by every project's tests. Never imported by piece sources.
export { TestServer, json, respond } from './test-server';
export type { RecordedRequest, Responder } from './test-server';
