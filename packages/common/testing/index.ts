// Test-only helpers shared by every project's tests. Never imported by piece sources.
export { closedUrl, htmlPage, json, respond, TestServer } from './test-server';
export type { ReceivedRequest, Responder } from './test-server';
export { fakeDateAndTimers, fakeDateOnly, rejection, settlesAfter, untilRequests, useTestServer } from './jest-helpers';
export type { LiveTestServer } from './jest-helpers';
export { customAuthValue, propertyContext, runActionInProcess } from './engine';
export { builtPieceDir, loadBuiltPiece } from './built-piece';
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
export { translatableStrings } from './translations';
export type { TranslatablePiece } from './translations';
