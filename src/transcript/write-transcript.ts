/**
 * Transcript files: one readable text file per spec, or per connection in
 * the server role, named after the spec file and laid out under the chosen
 * folder the way the specs are (`specs/redis/ping.yaml` →
 * `DIR/specs/redis/ping.transcript.txt`), so same-named specs in different
 * folders never overwrite each other.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StepRef, TcpspecError } from '../errors';
import { verdictLabel } from '../verdict';
import type { Spec } from '../spec/types';
import { formatTranscriptFile } from './format-transcript';
import type { TranscriptHeader } from './format-transcript';
import type { Transcript } from './transcript';

/** One connection's conversation as a transcript file needs it (the peer's `Conversation` is one). */
export interface ConversationRecord {
  readonly transcript: Pick<Transcript, 'events' | 'dropped'>;
  /** A step's failure, or a target that could not be reached. */
  readonly failure?: TcpspecError;
  readonly notRun: readonly StepRef[];
  /** 1-based in the server role. */
  readonly connection?: number;
}

/** A spec's outcome as a transcript header needs it (a `run` result is one). */
export interface TranscriptSubject {
  readonly file: string;
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'error';
  readonly durationMs: number;
  readonly role?: 'client' | 'server';
  readonly address?: string;
  readonly failure?: { readonly message: string };
}

export interface SpecTranscript {
  readonly header: Omit<TranscriptHeader, 'connection' | 'connections'>;
  readonly conversations: readonly ConversationRecord[];
  readonly stepLines?: ReadonlyMap<number, number>;
}

export interface RenderedTranscript {
  /** `''` for a client-role spec, `.connection-N` for connection N in the server role. */
  readonly suffix: string;
  readonly text: string;
}

/** The spec's step lines by index, for showing beside each step. */
export function stepLinesOf(spec: Pick<Spec, 'steps'>): Map<number, number> {
  return new Map(spec.steps.map((s) => [s.index, s.loc.line]));
}

/** The header for a `run` result. */
export function headerOf(r: TranscriptSubject): SpecTranscript['header'] {
  return {
    file: r.file,
    name: r.name,
    verdict: verdictLabel(r.status),
    durationMs: r.durationMs,
    ...(r.role ? { role: r.role } : {}),
    ...(r.address ? { address: r.address } : {}),
    ...(r.failure ? { failure: r.failure.message } : {}),
  };
}

/** Each file's text: one for a client-role spec (or a spec that never connected), one per connection in the server role. */
export function renderSpecTranscripts(t: SpecTranscript): RenderedTranscript[] {
  if (t.conversations.length === 0) return [{ suffix: '', text: formatTranscriptFile(t.header) }];
  const perConnection = t.header.role === 'server';
  return t.conversations.map((c, i) => ({
    suffix: perConnection ? `.connection-${c.connection ?? i + 1}` : '',
    text: formatTranscriptFile(
      {
        ...t.header,
        ...(perConnection ? { connection: c.connection ?? i + 1, connections: t.conversations.length } : {}),
      },
      {
        events: c.transcript.events,
        ...(c.failure ? { failure: c.failure } : {}),
        notRun: c.notRun,
        dropped: c.transcript.dropped,
        ...(t.stepLines ? { stepLines: t.stepLines } : {}),
      },
    ),
  }));
}

/** `DIR/specs/redis/ping` for `specs/redis/ping.yaml`: the spec's path below the working folder, never climbing out of DIR. */
export function transcriptBase(dir: string, specFile: string): string {
  const relative = path.relative(process.cwd(), path.resolve(specFile));
  const parts = relative.split(/[\\/]+/).filter((p) => p !== '' && p !== '.' && p !== '..' && !/^[A-Za-z]:$/.test(p));
  const last = parts.pop() ?? 'spec';
  return path.join(dir, ...parts, last.replace(/\.ya?ml$/i, ''));
}

/** Writes the spec's transcript files; returns their paths. Throws the file system's error when DIR cannot be written. */
export function writeSpecTranscripts(dir: string, t: SpecTranscript): string[] {
  const base = transcriptBase(dir, t.header.file);
  fs.mkdirSync(path.dirname(base), { recursive: true });
  return renderSpecTranscripts(t).map(({ suffix, text }) => {
    const file = `${base}${suffix}.transcript.txt`;
    fs.writeFileSync(file, text);
    return file;
  });
}
