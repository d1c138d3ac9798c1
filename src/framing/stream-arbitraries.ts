import fc from 'fast-check';
import { concatBytes, utf8 } from './bytes';
import { encodeFrame, headerMax } from './length-prefix-decoder';
import type { LengthHeader } from './length-prefix-decoder';

/** Sizes of a generated stream: how many messages and how long each may be. */
export interface StreamSizeOptions {
  /** Most messages in one stream (default 8). */
  readonly maxMessages?: number;
  /** Longest message body in bytes (default 32). */
  readonly maxMessageLength?: number;
}

/** Arbitrary byte strings drawn from every byte value except `excluded`. */
export function bytesWithout(excluded: Iterable<number>, maxLength: number): fc.Arbitrary<Uint8Array> {
  const banned = new Set(excluded);
  const allowed = Array.from({ length: 256 }, (_, b) => b).filter((b) => !banned.has(b));
  if (allowed.length === 0) throw new RangeError('every byte value is excluded');
  return fc
    .array(fc.integer({ min: 0, max: allowed.length - 1 }), { maxLength })
    .map((indexes) => Uint8Array.from(indexes, (i) => allowed[i]!));
}

/** A stream made of generated messages, each encoded by `encode` and concatenated. */
export function framedStreams(
  messages: fc.Arbitrary<Uint8Array>,
  encode: (message: Uint8Array, index: number) => Uint8Array,
  maxMessages = 8,
): fc.Arbitrary<Uint8Array> {
  return fc
    .array(messages, { maxLength: maxMessages })
    .map((list) => concatBytes(list.map((message, index) => encode(message, index))));
}

const LF = 0x0a;
const CR = 0x0d;

export interface LineStreamOptions extends StreamSizeOptions {
  /** Line ending used: always `\n`, always `\r\n`, or a mix (default `mixed`). */
  readonly lineEnding?: '\n' | '\r\n' | 'mixed';
}

/**
 * Valid streams for `LineDecoder`: complete lines whose content has no `\r`
 * or `\n`, each ended by `\n` or `\r\n`.
 */
export function lineStreams(options: LineStreamOptions = {}): fc.Arbitrary<Uint8Array> {
  const ending = options.lineEnding ?? 'mixed';
  const line = bytesWithout([LF, CR], options.maxMessageLength ?? 32);
  const withEnding = fc.tuple(line, ending === 'mixed' ? fc.boolean() : fc.constant(ending === '\r\n'));
  return fc
    .array(withEnding, { maxLength: options.maxMessages ?? 8 })
    .map((lines) => concatBytes(lines.flatMap(([content, crlf]) => [content, utf8(crlf ? '\r\n' : '\n')])));
}

/** Valid streams for `DelimiterDecoder(delimiter)`: messages that contain no byte of the delimiter, each followed by it. */
export function delimitedStreams(
  delimiter: Uint8Array | string,
  options: StreamSizeOptions = {},
): fc.Arbitrary<Uint8Array> {
  const bytes = typeof delimiter === 'string' ? utf8(delimiter) : delimiter;
  const message = bytesWithout(bytes, options.maxMessageLength ?? 32);
  return framedStreams(message, (m) => concatBytes([m, bytes]), options.maxMessages);
}

/** Valid streams for `LengthPrefixDecoder(header)`: whole frames, bodies of any bytes (empty ones included). */
export function lengthPrefixedStreams(header: LengthHeader, options: StreamSizeOptions = {}): fc.Arbitrary<Uint8Array> {
  const maxLength = Math.min(options.maxMessageLength ?? 32, headerMax[header]);
  return framedStreams(fc.uint8Array({ maxLength }), (m) => encodeFrame(header, m), options.maxMessages);
}
