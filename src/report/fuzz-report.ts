/** Fuzz results for people: the verdict, the seed, and for a failure the shrunk case in words and how to replay it. */
import { indent } from '../bytes';
import type { FuzzProgress, FuzzResult } from '../fuzz/fuzz-spec';
import type { Style } from './human';
import { clientLines, PLAIN, styledLabel } from './human';
import { formatLyingResult } from './lying-report';

export function formatFuzzResult(r: FuzzResult, style: Style = PLAIN): string {
  if (r.lying) return formatLyingResult({ ...r, lying: r.lying }, style);
  const delivery = !r.delivery
    ? ''
    : r.delivery.mode === 'timed'
      ? `, timed gaps of ${r.delivery.gapMs} ms: ${r.delivery.why ?? ''}`
      : `, pieces read-confirmed (at most ${r.delivery.capMs} ms each)`;
  const head = `${styledLabel(r.status, style)} ${r.file}${r.name !== r.file ? `  ${r.name}` : ''} ${style.dim(`(${r.runs} case${r.runs === 1 ? '' : 's'}${r.parallel ? `, ${r.parallel} at once` : ''}, seed ${r.seed}, ${r.durationMs} ms${delivery})`)}`;
  if (r.error) return `${head}\n${indent(r.error.message)}`;
  if (!r.failure) return head;
  const f = r.failure;
  const lines = [head];
  if (f.path === '') lines.push(indent('the plain exchange fails, before any reshaping:'));
  else
    lines.push(
      indent(`${f.flaky ? 'FLAKY: failed once, then passed when replayed; ' : ''}smallest failing case: ${f.words}`),
    );
  lines.push(indent(f.error.message));
  const client = clientLines(f.client, f.error);
  if (client) lines.push(client);
  if (f.path !== '') lines.push(indent(`{ seed: ${r.seed}, path: "${f.path}" }`));
  lines.push(indent(`replay: ${f.replay}`));
  return lines.join('\n');
}

/**
 * A progress line: rewritten in place on a terminal; elsewhere (CI logs) a
 * plain line at most every `everyMs`, so short runs print none.
 */
export function progressPrinter(
  stream: NodeJS.WriteStream,
  everyMs = 5000,
  now: () => number = () => performance.now(),
): (p: FuzzProgress) => void {
  let last = now();
  return (p) => {
    const text = `${p.file}: ${p.shrinking ? 'shrinking, ' : ''}case ${p.done}/${p.total}, ${p.failures} failing`;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${text}`);
      return;
    }
    if (now() - last >= everyMs) {
      last = now();
      stream.write(`${text}\n`);
    }
  };
}

/** Clears a progress line left on a terminal. */
export function clearProgress(stream: NodeJS.WriteStream): void {
  if (stream.isTTY) stream.write('\r\x1b[2K');
}
