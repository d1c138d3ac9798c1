/** Lying-length results for people: how the server took the lies, and each case it did not survive, with its replay. */
import { indent } from '../bytes';
import type { FuzzResult } from '../fuzz/fuzz-spec';
import type { LyingReport } from '../fuzz/lying/run-case';
import type { Style } from './human';
import { PLAIN, styledLabel } from './human';

/** `6 closed, 4 kept open, 2 replied`: what the server did with the lying connections. */
export function liarSummary(lying: LyingReport): string {
  const counts = new Map<string, number>();
  for (const c of lying.cases) counts.set(c.liar, (counts.get(c.liar) ?? 0) + 1);
  return [...counts].map(([fate, n]) => `${n} ${fate}`).join(', ');
}

export function formatLyingResult(r: FuzzResult & { lying: LyingReport }, style: Style = PLAIN): string {
  const { lying } = r;
  const failed = lying.cases.filter((c) => !c.ok);
  const liars = lying.cases.length > 0 ? `; the liar was ${liarSummary(lying)}` : '';
  const health = lying.health !== undefined ? `, health ${lying.health}` : '';
  const head = `${styledLabel(r.status, style)} ${r.file}${r.name !== r.file ? `  ${r.name}` : ''} ${style.dim(`(${lying.cases.length} of ${lying.total} lying-length cases${health}, ${failed.length} failed${liars}; ${r.durationMs} ms)`)}`;
  if (r.error) return `${head}\n${indent(r.error.message)}`;
  if (!r.failure) return head;
  const lines = [head];
  if (r.failure.path === '') {
    lines.push(indent('the plain exchange fails, before any length lies:'), indent(r.failure.error.message));
    lines.push(indent(`replay: ${r.failure.replay}`));
    return lines.join('\n');
  }
  for (const c of failed) {
    lines.push(indent(`case ${c.number}: ${c.words}: ${c.happened ?? ''}`));
    if (c.replay !== undefined) lines.push(indent(`replay: ${c.replay}`, '        '));
  }
  lines.push(indent(`case ${r.failure.path} in full:`), indent(r.failure.error.message, '        '));
  return lines.join('\n');
}
