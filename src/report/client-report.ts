/**
 * How the client under test ended, for every report: its command, its exit
 * status or signal, and the end of what it printed. A step that failed is
 * half of the story when tcpspec played the server; the client's traceback
 * is the other half, for `run` and `fuzz` alike.
 */
import { describeExit, describeOutcome } from '../clients/describe';
import type { CapturedOutput } from '../clients/output';
import { ErrorCode } from '../errors';
import type { ClientResult } from '../run/run-spec';

/** Characters of each stream a machine report keeps (the end of it). */
const TAIL_CHARS = 2000;

export interface ReportedOutput {
  /** Bytes printed in all. */
  readonly size: number;
  /** The end of what was printed, as UTF-8 text. */
  readonly tail: string;
  /** True when `tail` is not all of it. */
  readonly truncated: boolean;
}

export interface ReportedClient {
  /** The command line, or the embedded client's name. */
  readonly command: string;
  /** Its exit status; null when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** How it ended, in words: `exited with status 1 after 40ms`. */
  readonly ended: string;
  readonly stdout: ReportedOutput;
  readonly stderr: ReportedOutput;
  /** The paragraph the human report prints: the command, how it ended, and the tail of each stream. */
  readonly text: string;
}

function reportOutput(out: CapturedOutput): ReportedOutput {
  const text = out.bytes.toString('utf8');
  const tail = text.length > TAIL_CHARS ? text.slice(text.length - TAIL_CHARS) : text;
  return { size: out.total, tail, truncated: tail.length < text.length || out.total > out.bytes.length };
}

/** The paragraph the human report prints after a failure: `the client under test, "CMD":` and its ending. */
export function clientParagraph(c: ClientResult): string {
  return `the client under test, ${JSON.stringify(c.description)}:\n${describeOutcome(c.outcome)}`;
}

export function reportClient(c: ClientResult): ReportedClient {
  const o = c.outcome;
  return {
    command: c.description,
    exitCode: o.exitCode,
    signal: o.signal,
    ended: describeExit(o),
    stdout: reportOutput(o.stdout),
    stderr: reportOutput(o.stderr),
    text: clientParagraph(c),
  };
}

/**
 * The client's paragraph to add after a failure's message, in a report that
 * prints text: none when the failure is the client's own, whose message
 * already says how it ended.
 */
export function clientAfterFailure(c: {
  readonly client?: ReportedClient;
  readonly failure?: { readonly code: string };
}): string | undefined {
  return c.client && c.failure?.code !== ErrorCode.ClientFailed ? c.client.text : undefined;
}
