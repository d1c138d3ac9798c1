/**
 * tcpspec as a library, for jest tests of your own: load and run specs, fuzz
 * them, and prove your own framing decoders do not depend on chunk
 * boundaries.
 */
export * from './errors';
export { loadSpecFile, loadSpecText, findSpecRoot } from './load/load';
export type { LoadOptions } from './load/load';
export type { Spec, Step, Matcher, Payload, FuzzSettings } from './spec/types';
export { runSpec, runSpecFile } from './run/run-spec';
export type { RunOptions, SpecResult, SpecStatus } from './run/run-spec';
export { fuzzSpec, fuzzSpecFile } from './fuzz/fuzz-spec';
export type { FuzzFailure, FuzzOptions, FuzzProgress, FuzzResult } from './fuzz/fuzz-spec';
export { describePlan } from './fuzz/plan';
export type { ChunkPlan } from './fuzz/plan';
export { playAsClient } from './peer/client';
export { listenAsServer } from './peer/server';
export { EMPTY_CATALOG, TargetPool } from './targets/pool';
export type { TargetCatalog } from './targets/pool';
export { builtinCatalog } from './cli/catalog';
export type { ClientUnderTest, StartedTarget, TargetAddress, TargetProvider } from './targets/target';
export { formatResult } from './report/human';
export { formatFuzzResult } from './report/fuzz-report';
export * from './framing';
