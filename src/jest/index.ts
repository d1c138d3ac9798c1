/**
 * tcpspec/jest: specs as jest tests. `describeSpecs(paths, options)` makes
 * one test per spec; `expect(result).toPassSpec()` judges one result. The
 * matcher is added to jest's `expect` when this module loads in a test.
 */
import { tcpspecMatchers } from './matcher';

export { describeSpecs, SpecFailure } from './describe-specs';
export type { DescribeSpecsOptions } from './describe-specs';
export { humanReport, tcpspecMatchers, toPassSpec } from './matcher';
export type { SpecOutcome } from './matcher';

const jestExpect = (globalThis as { expect?: { extend?: (m: typeof tcpspecMatchers) => void } }).expect;
jestExpect?.extend?.(tcpspecMatchers);
