// Test-only helpers shared by every project's tests. Never imported by piece sources.
export { TestServer, htmlPage, json, respond } from './test-server';
export type { RecordedRequest, Responder } from './test-server';
export { rejection, settlesAfter, useTestServer } from './jest-helpers';
export type { LiveTestServer } from './jest-helpers';
export { customAuthValue, propertyContext, runAction } from './engine';
// Today's engine, reproduced for the runner and the end-to-end tests: props processing, the child process per call, the builder's error view.
export { processProps, processPropsOrThrow } from './engine-props';
export type { EngineProp, ProcessedProps, PropsErrors } from './engine-props';
export { deserializeError, serializeError, toTransferable } from './piece-protocol';
export type { ChildMessage, ConnectionProps, NetworkPolicy, ParentMessage, PieceCall, SerializedError } from './piece-protocol';
export {
  ACTION_TIMEOUT_MS,
  INTERACTIVE_TIMEOUT_MS,
  networkPolicyFromEnv,
  PieceProcessError,
  runInPieceProcess,
  valueOf,
} from './piece-process';
export type { PieceOutcome, PieceProcessOptions } from './piece-process';
export { builderErrorView, renderBuilderError } from './builder-error';
export type { BuilderErrorView } from './builder-error';
