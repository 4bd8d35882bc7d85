// Test-only helpers shared by every project's tests. Never imported by piece sources.
export { TestServer, htmlPage, json, respond } from './test-server';
export type { RecordedRequest, Responder } from './test-server';
export { rejection, settlesAfter, useTestServer } from './jest-helpers';
export type { LiveTestServer } from './jest-helpers';
export { customAuthValue, propertyContext, runAction } from './engine';
