/**
 * tcpspec as a library, for jest tests of your own: load and run specs, fuzz
 * them, and prove your own framing decoders do not depend on chunk
 * boundaries.
 */
export * from './errors';
// Each error class lives beside its owner; all of them are part of the library.
export { UsageError } from './usage-error';
export { SpecError } from './yaml/spec-error';
export type { SpecProblem } from './yaml/spec-error';
export { TargetMissingError, TargetStartError, TargetUnknownError } from './targets/errors';
export { AcceptTimeoutError } from './peer/errors';
export { ListenError, TargetUnreachableError } from './net/errors';
export {
  BufferLimitError,
  ConnectionResetError,
  SendStalledError,
  StepMismatchError,
  StepTimeoutError,
  UnboundVariableError,
  UnexpectedDataError,
  UnexpectedEofError,
} from './peer/step-errors';
export { PlaintextBeforeTlsError, TlsHandshakeError } from './net/tls-errors';
export { StructValueError } from './struct/value-error';
export { InterruptedError } from './run/shutdown';
export { SpecPathError } from './run/discover';
export { SuiteUnknownError } from './run/suites';
export { SeedInvalidError } from './fuzz/seed';
export { LyingLengthError } from './fuzz/lying/lying-length-error';
export { ClientFailedError, ClientStartError } from './clients/errors';
export { formatLocation, formatStepRef } from './report/messages/where';
export { loadSpecFile, loadSpecText, findSpecRoot } from './load/load';
export type { LoadOptions } from './load/load';
export type { Spec, Step, Matcher, Payload, FuzzSettings } from './spec/types';
export { runSpec, runSpecFile } from './run/run-spec';
export type { RunOptions, SpecResult, SpecStatus } from './run/run-spec';
export { fuzzSpec, fuzzSpecFile } from './fuzz/fuzz-spec';
export type { FuzzFailure, FuzzOptions, FuzzProgress, FuzzResult } from './fuzz/fuzz-spec';
export { describePlan } from './fuzz/plan';
export { fuzzClient } from './jest/fuzz-client';
export type { FuzzClientOptions, SpecInput } from './jest/fuzz-client';
export { mockServer } from './jest/mock-server';
export type { MockServer, MockServerOptions } from './jest/mock-server';
export type { ClientFunction, MockAddress } from './jest/run-client-function';
export { ClientFunctionError } from './jest/client-function-error';
export { closeOpenMocks, openMockCount } from './jest/open-mocks';
export type { ChunkPlan } from './fuzz/plan';
export { playAsClient } from './peer/client';
export { listenAsServer } from './peer/server';
export { EMPTY_CATALOG, TargetPool } from './targets/pool';
export type { TargetCatalog } from './targets/pool';
export { builtinCatalog } from './cli/catalog';
export type { ClientUnderTest, StartedTarget, TargetAddress, TargetProvider } from './targets/target';
export { formatEndpoint } from './net/endpoint';
export type { Endpoint, TcpEndpoint, UnixEndpoint } from './net/endpoint';
export type { Dialer, Listen, Listener } from './net/carrier';
export { formatResult } from './report/human';
export { formatFuzzResult } from './report/fuzz-report';
export * from './framing';
