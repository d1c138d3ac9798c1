/**
 * transcript → text a person reads first when a check fails: every event of
 * a conversation in order, with its time offset, the bytes both as escaped
 * text and as a hex dump (offsets count from the start of each direction's
 * stream), and the step boundaries with the spec line of each step.
 */
import { formatStepRef } from '../report/messages/where';
import type { StepRef, TcpspecError } from '../errors';
import { hexDump, quoteBytes } from '../bytes';
import type { TranscriptEvent } from './transcript';

/** Bytes of one chunk shown in full; past this the rest is counted, not shown. */
export const CHUNK_SHOWN = 4096;

export const LEGEND = '>> sent by tcpspec   << received by tcpspec   == step   .. connection event   !! failure';
/** Added to the legend when a conversation has several connections or TLS. */
export const LEGEND_MORE = '[name] the connection   (tls) application data inside TLS, shown as plaintext';

export interface ConversationView {
  readonly events: readonly TranscriptEvent[];
  /** What failed in this conversation, if anything did: a step's failure, or a target that could not be reached. */
  readonly failure?: TcpspecError;
  readonly notRun?: readonly StepRef[];
  /** Payload bytes that were not kept (the transcript is bounded). */
  readonly dropped?: number;
  /** The spec's step lines, by step index, to show beside each step. */
  readonly stepLines?: ReadonlyMap<number, number>;
}

const TIME_WIDTH = 10;
const CONTINUATION = ' '.repeat(TIME_WIDTH + 6);

function time(t: number): string {
  return t.toFixed(3).padStart(TIME_WIDTH);
}

function continued(text: string): string {
  return text
    .split('\n')
    .map((l) => CONTINUATION + l)
    .join('\n');
}

function stepWords(index: number, kind: string, lines: ReadonlyMap<number, number> | undefined, note?: string): string {
  const line = lines?.get(index);
  return `step ${index} (${kind})${line !== undefined ? ` line ${line}` : ''}${note ? ` "${note}"` : ''}`;
}

/** Whether the legend needs LEGEND_MORE: connection names or TLS appear. */
export function hasLanesOrTls(events: readonly TranscriptEvent[]): boolean {
  return events.some((e) => e.connection !== undefined || (e.type !== 'step' && e.type !== 'event' && e.tls));
}

/**
 * The conversation's events, one per line (bytes take a few), times in
 * milliseconds since the conversation began. In a spec with several
 * connections every line names its connection (`[pub]`), and byte offsets
 * count per connection and direction; bytes inside TLS are marked `(tls)`.
 */
export function formatConversation(view: ConversationView): string {
  const out: string[] = ['t (ms)'.padStart(TIME_WIDTH)];
  const offsets = new Map<string, number>();
  for (const e of view.events) {
    const lane = e.connection !== undefined ? `[${e.connection}] ` : '';
    switch (e.type) {
      case 'sent':
      case 'received': {
        const arrow = e.type === 'sent' ? '>>' : '<<';
        const shown = e.bytes.subarray(0, CHUNK_SHOWN);
        const lost = e.size - shown.length;
        const size = `${e.size} byte${e.size === 1 ? '' : 's'}`;
        const key = `${e.connection ?? ''}\u0000${e.type}`;
        const offset = offsets.get(key) ?? 0;
        out.push(
          `${time(e.t)}  ${arrow}  ${lane}${e.tls ? '(tls) ' : ''}${size.padEnd(11)} ${quoteBytes(shown, CHUNK_SHOWN)}${lost > 0 ? ` …(${lost} more bytes not shown)` : ''}`,
        );
        if (shown.length > 0) out.push(continued(hexDump(shown, offset, CHUNK_SHOWN)));
        offsets.set(key, offset + e.size);
        break;
      }
      case 'step': {
        const words = stepWords(e.index, e.kind, view.stepLines, e.outcome === 'start' ? e.note : undefined);
        if (e.outcome === 'fail') {
          out.push(`${time(e.t)}  !!  ${lane}${words} FAILED`);
          if (view.failure) out.push(continued(view.failure.message));
        } else out.push(`${time(e.t)}  ==  ${lane}${words} ${e.outcome === 'start' ? 'starts' : 'passed'}`);
        break;
      }
      case 'event':
        out.push(`${time(e.t)}  ..  ${lane}${e.what}`);
        break;
    }
  }
  if (view.notRun && view.notRun.length > 0) {
    out.push(
      `${''.padStart(TIME_WIDTH)}  --  steps not run: ${view.notRun.map((s) => formatStepRef(s).replace(`${s.file}:`, 'line ')).join('; ')}`,
    );
  }
  if (view.dropped)
    out.push(
      `${''.padStart(TIME_WIDTH)}  --  ${view.dropped} more payload bytes passed but were not kept (the transcript is bounded)`,
    );
  return out.join('\n');
}

export interface TranscriptHeader {
  readonly file: string;
  readonly name: string;
  readonly verdict: 'PASS' | 'FAIL' | 'ERROR';
  readonly durationMs: number;
  readonly role?: 'client' | 'server';
  readonly address?: string;
  /** 1-based connection number in the server role. */
  readonly connection?: number;
  readonly connections?: number;
  /** The failure message, when the spec did not pass. */
  readonly failure?: string;
  /** Extra `label: value` lines (a fuzz case, its replay command). */
  readonly extra?: readonly (readonly [string, string])[];
}

const LABEL_WIDTH = 12;

function field(label: string, value: string): string {
  const pad = ' '.repeat(LABEL_WIDTH);
  const [first, ...rest] = value.split('\n');
  return [`${`${label}:`.padEnd(LABEL_WIDTH - 1)} ${first}`, ...rest.map((l) => pad + l)].join('\n');
}

/** A whole transcript file: what was run and the verdict first, then the conversation (if one took place). */
export function formatTranscriptFile(header: TranscriptHeader, conversation?: ConversationView): string {
  const lines = [
    'tcpspec transcript',
    field('spec', header.file),
    field('name', header.name),
    field('verdict', `${header.verdict} (${header.durationMs} ms)`),
  ];
  if (header.failure) lines.push(field('failure', header.failure));
  for (const [label, value] of header.extra ?? []) lines.push(field(label, value));
  const where = header.address ? `${header.address}${header.role ? ` (${header.role} role)` : ''}` : undefined;
  if (where) lines.push(field(header.role === 'server' ? 'listened' : 'target', where));
  if (header.connection !== undefined)
    lines.push(field('connection', `${header.connection} of ${header.connections ?? header.connection}`));
  lines.push('');
  if (conversation)
    lines.push(
      LEGEND,
      ...(hasLanesOrTls(conversation.events) ? [LEGEND_MORE] : []),
      '',
      formatConversation(conversation),
    );
  else lines.push('no conversation took place');
  return `${lines.join('\n')}\n`;
}
