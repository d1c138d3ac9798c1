/**
 * recording → spec text ready to edit: the client's bytes become `send`
 * steps (one per turn), the server's become `expect` steps (complete lines as
 * text, anything binary as hex, one turn per direction change), a FIN from
 * the server becomes `expect: eof`, and the client's close becomes `close`
 * (or `shutdown` when the server still answered after it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hexPairs, hexRows } from '../bytes';
import type { RecordedEvent, Recording, Side } from './recording';

export interface SpecTextOptions {
  readonly name?: string;
  /** The spec file being written: the schema line's path is relative to it. */
  readonly out: string;
  /** When the recording was made (for the header comment). */
  readonly recordedAt: Date;
}

/** Hex bytes per line in a block; above one line's worth, the hex is written as a block. */
const HEX_PER_LINE = 32;

/**
 * A YAML double-quoted string whose escapes give back exactly `text` (C0
 * controls as `\xNN`; C1 controls as `\u00NN`, since `\x80`–`\xff` looks like a
 * raw byte to a reader, and validate warns about it).
 */
export function yamlQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Text as a spec writes it: `${` would start a variable, so it is written `$${`. */
function literal(text: string): string {
  return yamlQuote(text.replace(/\$\{/g, () => '$${'));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes as text when they are UTF-8 with no control bytes but tab, CR and LF; undefined when they are binary. */
export function asText(bytes: Buffer): string | undefined {
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** `KEY: { hex: "..." }`, or for more than a line's worth a block under KEY (hex ignores the line breaks). */
function hexStep(key: 'send' | 'expect', bytes: Buffer): string {
  if (bytes.length <= HEX_PER_LINE) return `  - ${key}: { hex: "${hexPairs(bytes)}" }`;
  const rows = hexRows(bytes, HEX_PER_LINE).map((row) => `        ${row}`);
  return `  - ${key}:\n      hex: |\n${rows.join('\n')}`;
}

/** One `send` for a whole client turn. */
function sendStep(bytes: Buffer): string {
  const text = asText(bytes);
  return text !== undefined ? `  - send: ${literal(text)}` : hexStep('send', bytes);
}

/** An exact-text expectation; spelled `{ text: ... }` when the plain form would read as `eof` or a regex. */
function expectText(text: string): string {
  const ambiguous = text === 'eof' || /^\/.*\/[a-z]*$/s.test(text);
  return ambiguous ? `  - expect: { text: ${literal(text)} }` : `  - expect: ${literal(text)}`;
}

/** A server turn: one `expect` per line when it is text, else one hex `expect` for the whole turn. */
function expectSteps(bytes: Buffer): string[] {
  const text = asText(bytes);
  if (text === undefined) return [hexStep('expect', bytes)];
  return (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).map(expectText);
}

interface Turn {
  readonly from: Side;
  readonly chunks: Buffer[];
}

/** The steps, in order, for what was recorded. */
export function stepsOf(events: readonly RecordedEvent[]): string[] {
  const steps: string[] = [];
  let turn: Turn | undefined;
  let clientClosed = false;
  const flush = (): void => {
    if (!turn) return;
    const bytes = Buffer.concat(turn.chunks);
    steps.push(...(turn.from === 'client' ? [sendStep(bytes)] : expectSteps(bytes)));
    turn = undefined;
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === 'data') {
      if (turn && turn.from !== e.from) flush();
      turn ??= { from: e.from, chunks: [] };
      turn.chunks.push(e.bytes);
      continue;
    }
    flush();
    if (e.type === 'end' && e.from === 'server') {
      // After the client's plain close the server's FIN is only its answer to it, which `close` does not wait for.
      if (!clientClosed) steps.push('  - expect: eof');
    } else if (e.type === 'end') {
      // The client's FIN: a `shutdown` when the server still had something to say after it, else the final `close`.
      const serverSpokeAfter = events.slice(i + 1).some((later) => later.from === 'server' && later.type === 'data');
      if (serverSpokeAfter) steps.push('  - shutdown');
      else clientClosed = true;
    } else if (e.from === 'client') {
      steps.push('  - reset');
      return steps;
    } else {
      steps.push(`  # the server reset the connection here (${e.reason}); no step expects a reset, so this spec stops`);
      return steps;
    }
  }
  flush();
  // A recording cut short (Ctrl-C, time limit) ends by closing too, so the spec replays as a whole conversation.
  steps.push('  - close');
  return steps;
}

/** The path of the schema shipped with tcpspec, relative to `out`'s folder; its URL when it cannot be found. */
export function schemaReference(out: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'schema', 'tcpspec.schema.json');
    if (fs.existsSync(candidate))
      return path
        .relative(path.dirname(path.resolve(out)), candidate)
        .split(path.sep)
        .join('/');
    if (path.dirname(dir) === dir) return 'https://tcpspec.dev/schema/tcpspec.schema.json';
  }
}

/** The whole spec file's text. */
export function recordingToSpec(recording: Recording, options: SpecTextOptions): string {
  const name = options.name ?? `Recorded conversation with ${recording.server}`;
  const lines = [
    `# yaml-language-server: $schema=${schemaReference(options.out)}`,
    `# Recorded by tcpspec record on ${options.recordedAt.toISOString()}: a client${recording.client ? ` at ${recording.client}` : ''} talking to ${recording.server}` +
      (recording.stoppedBy === 'closed'
        ? '.'
        : ` (stopped by ${recording.stoppedBy === 'timeout' ? 'the time limit' : 'an interruption'} before the connection closed).`),
    `# Replay it with: npx tcpspec run ${options.out} --target ${recording.server}`,
    '# Edit before committing: replace values that change between runs (ids, times) with regexes such as /\\+OK .*/.',
    `name: ${yamlQuote(name)}`,
    'steps:',
    ...stepsOf(recording.events),
  ];
  return `${lines.join('\n')}\n`;
}
