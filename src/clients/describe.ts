/** A client's ending in words: its exit status and the end of what it printed. */
import { formatSize, indent, quoteBytes } from '../bytes';
import type { CapturedOutput } from './output';
import type { ClientOutcome } from './types';

/** Lines of each stream shown in a failure. */
const TAIL_LINES = 12;
/** Characters of each stream shown in a failure. */
const TAIL_CHARS = 2000;

export function describeExit(o: ClientOutcome): string {
  const how = o.signal !== null ? `was ended by ${o.signal}` : `exited with status ${o.exitCode ?? '?'}`;
  const why = o.timedOut
    ? ' (killed by tcpspec at its timeout)'
    : o.stopped
      ? ' (killed by tcpspec at the end of the spec)'
      : '';
  return `${how}${why} after ${o.durationMs}ms`;
}

/** The last lines of one stream, each as printed (quoted where it is not plain text). */
export function outputTail(out: CapturedOutput): string {
  if (out.total === 0) return ' nothing';
  let text = out.bytes.toString('utf8');
  let cut = out.total > out.bytes.length;
  if (text.length > TAIL_CHARS) {
    text = text.slice(text.length - TAIL_CHARS);
    cut = true;
  }
  let lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length > TAIL_LINES) {
    lines = lines.slice(lines.length - TAIL_LINES);
    cut = true;
  }
  const shown = lines.map((l) => `| ${plain(l) ? l : quoteBytes(Buffer.from(l, 'utf8'))}`);
  const head = cut ? `(${formatSize(out.total)} in all, the end of it:)\n` : '';
  return `\n${indent(head + shown.join('\n'), '  ')}`;
}

/** No control characters but tabs: shown as printed. */
function plain(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return false;
  }
  return true;
}

export function describeOutcome(o: ClientOutcome): string {
  return indent(`it ${describeExit(o)}\nstdout:${outputTail(o.stdout)}\nstderr:${outputTail(o.stderr)}`, '  ');
}
