/**
 * What is wrong with what tcpspec was given, in words: a spec file's
 * mistakes, a path or suite that names nothing, a seed that is no number,
 * a command that is stopping.
 */
import { quoteValue } from '../../bytes';
import type { SourceLocation } from '../../errors';
import { formatLocation } from './where';

/** Every mistake of a spec file, one per line, each at FILE:LINE:COLUMN. */
export function specProblemsMessage(problems: readonly (SourceLocation & { readonly message: string })[]): string {
  return problems.map((p) => `${formatLocation(p)}: ${p.message}`).join('\n');
}

export function specPathMessage(path: string, problem: 'missing' | 'no-specs'): string {
  return problem === 'missing' ? `no such file or folder: ${path}` : `no *.yaml or *.yml spec files under ${path}`;
}

export function suiteUnknownMessage(suite: string, known: readonly string[]): string {
  return `unknown suite "${suite}"; the suites that ship with tcpspec are: ${known.join(', ')}`;
}

export function seedInvalidMessage(source: string, value: string): string {
  return `${source} must be a whole number, found ${quoteValue(value)}`;
}

export const INTERRUPTED_MESSAGE = 'interrupted: the command is stopping, so nothing more starts';
