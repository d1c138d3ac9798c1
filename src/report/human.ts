/**
 * transcript → report, for people: one line per spec, and for a failure the
 * step, what was expected and what arrived, and the steps that never ran.
 */
import { indent } from '../bytes';
import { notRunLine } from './not-run';
import { ErrorCode } from '../errors';
import type { TcpspecError } from '../errors';
import type { ClientResult, SpecResult } from '../run/run-spec';
import { clientParagraph } from './client-report';
import { verdictLabel } from '../verdict';
import type { Verdict } from '../verdict';

export interface Summary {
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
}

/** Counts verdicts; `status` is each result's verdict. */
export function summarize(results: readonly { readonly status: Verdict }[]): Summary {
  return {
    passed: results.filter((r) => r.status === 'passed').length,
    failed: results.filter((r) => r.status === 'failed').length,
    errors: results.filter((r) => r.status === 'error').length,
    skipped: 0,
  };
}

/** The closing line every command prints: `N passed, N failed` (unusable specs count as failed). */
export function summaryLine(s: Summary): string {
  return `${s.passed} passed, ${s.failed + s.errors} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`;
}

/** Exit status: 0 all passed; 2 when any input was unusable; 1 when anything failed. */
export function exitStatus(s: Summary): 0 | 1 | 2 {
  if (s.errors > 0) return 2;
  return s.failed > 0 ? 1 : 0;
}

export interface Style {
  readonly pass: (s: string) => string;
  readonly fail: (s: string) => string;
  readonly dim: (s: string) => string;
}

export const PLAIN: Style = { pass: (s) => s, fail: (s) => s, dim: (s) => s };
export const COLOUR: Style = {
  pass: (s) => `\x1b[32m${s}\x1b[39m`,
  fail: (s) => `\x1b[31m${s}\x1b[39m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
};

/** Colour only on a terminal, and never with NO_COLOR set. */
export function styleFor(stream: { readonly isTTY?: boolean }): Style {
  return stream.isTTY && !process.env.NO_COLOR ? COLOUR : PLAIN;
}

/** `PASS` in the pass colour, `FAIL` and `ERROR` in the failure colour. */
export function styledLabel(v: Verdict, style: Style): string {
  return v === 'passed' ? style.pass(verdictLabel(v)) : style.fail(verdictLabel(v));
}

/** One spec's outcome as lines of text. */
export function formatResult(r: SpecResult, style: Style = PLAIN): string {
  const head = `${styledLabel(r.status, style)} ${r.file}${r.name !== r.file ? `  ${r.name}` : ''} ${style.dim(`(${r.durationMs} ms)`)}`;
  if (!r.failure) return head;
  const lines = [head, indent(r.failure.message)];
  // A spec file's mistakes are all in the message already; after a failed step, the steps that never ran follow.
  if (r.failure.failedStep) {
    const conv = r.conversations.find((c) => c.failure === r.failure);
    if (conv && conv.notRun.length > 0) {
      lines.push(indent(notRunLine(conv.notRun)));
    }
  }
  const client = clientLines(r.client, r.failure);
  if (client) lines.push(client);
  return lines.join('\n');
}

/**
 * After a step failed, how the client under test ended, indented: the other
 * half of the story. Nothing when the failure is the client's own (its
 * message says how it ended) or there was no client.
 */
export function clientLines(client: ClientResult | undefined, failure: TcpspecError | undefined): string | undefined {
  if (!client || failure?.code === ErrorCode.ClientFailed) return undefined;
  return indent(clientParagraph(client));
}
