/**
 * tcpspec/jest: specs as jest tests. `describeSpecs(paths, options)` makes
 * one test per spec; `fuzzClient(spec, fn, options)` fuzzes a client
 * function of your own against a mock server, `mockServer(spec)` plays one
 * plain exchange for it; `expect(result).toPassSpec()` judges one result.
 * The matcher is added to jest's `expect` when this module loads in a test,
 * with hooks that close every mock a test left open.
 */
import { tcpspecMatchers } from './matcher';

export { describeSpecs, SpecFailure } from './describe-specs';
export type { DescribeSpecsOptions } from './describe-specs';
export { humanReport, tcpspecMatchers, toPassSpec } from './matcher';
export type { SpecOutcome } from './matcher';
export { fuzzClient } from './fuzz-client';
export type { FuzzClientOptions, SpecInput } from './fuzz-client';
export { mockServer } from './mock-server';
export type { MockServer, MockServerOptions } from './mock-server';
export type { ClientFunction, MockAddress } from './run-client-function';
export { ClientFunctionError } from './client-function-error';
export { closeOpenMocks, openMockCount } from './open-mocks';

const jestExpect = (globalThis as { expect?: { extend?: (m: typeof tcpspecMatchers) => void } }).expect;
jestExpect?.extend?.(tcpspecMatchers);
