/**
 * `toPassSpec()`: passes when a run or fuzz result passed; otherwise its
 * failure message is the human report of that spec (the lines `tcpspec run`
 * or `tcpspec fuzz` prints), so a jest failure reads like the CLI's.
 */
import type { FuzzResult } from '../fuzz/fuzz-spec';
import { formatFuzzResult } from '../report/fuzz-report';
import { formatResult } from '../report/human';
import type { SpecResult } from '../run/run-spec';
import { conversationReport, isInProcess } from './in-process-report';

/** A `runSpecFile` / `fuzzSpecFile` result. */
export type SpecOutcome = SpecResult | FuzzResult;

function isFuzzResult(r: SpecOutcome): r is FuzzResult {
  return 'seed' in r && 'runs' in r;
}

/**
 * The human report of one spec, as the CLI prints it (no colour); for a
 * client function's failure (fuzzClient, mockServer), the conversation of
 * the failing run follows.
 */
export function humanReport(r: SpecOutcome): string {
  const report = isFuzzResult(r) ? formatFuzzResult(r) : formatResult(r);
  if (r.status === 'passed' || !isInProcess(r)) return report;
  const conversations = isFuzzResult(r) ? r.failure?.conversations : r.conversations;
  return conversations ? `${report}\n${conversationReport(conversations, r.spec)}` : report;
}

function isOutcome(value: unknown): value is SpecOutcome {
  return typeof value === 'object' && value !== null && 'status' in value && 'file' in value;
}

/** The matcher, in the shape `expect.extend` takes. */
export function toPassSpec(received: unknown): { pass: boolean; message: () => string } {
  if (!isOutcome(received)) {
    return {
      pass: false,
      message: () =>
        'toPassSpec() expects the result of runSpecFile, runSpec, fuzzSpecFile, fuzzSpec, fuzzClient or a mockServer',
    };
  }
  const pass = received.status === 'passed';
  return {
    pass,
    message: () => (pass ? `expected ${received.file} not to pass, but it did:\n` : '') + humanReport(received),
  };
}

/** Every matcher tcpspec/jest adds, for `expect.extend(tcpspecMatchers)`. */
export const tcpspecMatchers = { toPassSpec };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- jest's matcher types are declared in this namespace
  namespace jest {
    interface Matchers<R> {
      /** Passes when the run or fuzz result passed; fails with the spec's human report. */
      toPassSpec(): R;
    }
  }
}
