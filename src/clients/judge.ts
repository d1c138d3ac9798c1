/**
 * Judges how a client under test ended: it passes when it exited with the
 * expected status and what it printed satisfies `stdout:` (exact text equals
 * all of it, one trailing newline ignored; a regex matches one whole line).
 */
import { compileRegex } from '../match/regex';
import { quoteBytes } from '../bytes';
import type { ClientSpec } from '../spec/types';
import { escapeRegex, renderTemplate } from '../spec/template';
import type { Vars } from '../spec/template';
import { describeExit } from './describe';
import { ClientFailedError } from './errors';
import type { ClientOutcome } from './types';

/** What a client must do; a spec without `client:` expects exit status 0 and nothing of its output. */
export type ClientExpectation = Pick<ClientSpec, 'exit' | 'stdout'>;

export interface JudgedClient {
  readonly where: string;
  readonly description: string;
}

/** Quoted bytes shown of the expected and the printed output. */
const QUOTE_LIMIT = 300;

export function judgeClient(
  outcome: ClientOutcome,
  expected: ClientExpectation,
  vars: Vars,
  client: JudgedClient,
): ClientFailedError | undefined {
  const fail = (detail: string): ClientFailedError =>
    new ClientFailedError({ where: client.where, client: client.description, detail, outcome });
  if (outcome.timedOut || outcome.exitCode !== expected.exit)
    return fail(`${describeExit(outcome)}; expected exit status ${expected.exit}`);
  const problem = expected.stdout && stdoutProblem(outcome, expected.stdout, vars);
  return problem ? fail(problem) : undefined;
}

function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

function stdoutProblem(outcome: ClientOutcome, m: NonNullable<ClientSpec['stdout']>, vars: Vars): string | undefined {
  const printed = outcome.stdout.bytes.toString('utf8');
  const cut = outcome.stdout.total > outcome.stdout.bytes.length;
  if (m.kind === 'text') {
    const want = renderTemplate(m.text, vars);
    if (!cut && withoutFinalNewline(printed) === withoutFinalNewline(want)) return undefined;
    return (
      `printed other output: stdout expects exactly ${quoteBytes(Buffer.from(want), QUOTE_LIMIT)}, ` +
      `it printed ${cut ? `${outcome.stdout.total} bytes, ending ` : ''}${quoteBytes(outcome.stdout.bytes, QUOTE_LIMIT)}`
    );
  }
  const re = compileRegex(m.regex, vars);
  const lines = printed.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.some((line) => re.test(line))) return undefined;
  const count = printed === '' ? 0 : withoutFinalNewline(printed).split('\n').length;
  return `printed other output: stdout expects a line matching /${renderTemplate(m.regex.pattern, vars, escapeRegex)}/${m.regex.flags}, none of its ${count} line${count === 1 ? '' : 's'} does`;
}
