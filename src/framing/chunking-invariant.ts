import fc from 'fast-check';
import { showBytes } from './bytes';
import type { Decoder } from './decoder';

/** Settings of `assertChunkingInvariant`; `seed` and `path` replay a reported failure exactly. */
export interface ChunkingInvariantOptions {
  /** Generated cases (default 100, or fast-check's global setting). */
  readonly numRuns?: number;
  readonly seed?: number;
  /** Counterexample path from a failure report; needs `seed` too. */
  readonly path?: string;
}

/** What decoding one stream produced: the messages, then the error that stopped it, if any. */
export interface DecodeOutcome {
  readonly messages: Uint8Array[];
  /** `Name` or `Name(code)` of the error thrown by `feed`/`end`, if one was. */
  readonly error: string | undefined;
}

/** A decoder gave different messages for the same bytes cut into different chunks. */
export class ChunkingInvariantError extends Error {
  readonly code = 'ERR_CHUNKING_INVARIANT';
  readonly seed: number;
  readonly path: string;

  constructor(seed: number, path: string, runs: number, detail: string) {
    super(
      `decoding depends on how the stream is chunked (failed after ${runs} case(s))\n` +
        `replay with { seed: ${seed}, path: ${JSON.stringify(path)} }\n${detail}`,
    );
    this.name = 'ChunkingInvariantError';
    this.seed = seed;
    this.path = path;
  }
}

/**
 * Cuts `stream` into chunks of the given sizes, in order; a size of 0 gives an
 * empty chunk, sizes past the end are clamped, and bytes left when the sizes
 * run out form one last chunk.
 */
export function splitBySizes(stream: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const size of sizes) {
    const end = Math.min(stream.byteLength, offset + size);
    chunks.push(stream.subarray(offset, end));
    offset = end;
  }
  if (offset < stream.byteLength) chunks.push(stream.subarray(offset));
  return chunks;
}

/**
 * Feeds `chunks` to a new decoder and then ends it, as a socket reader would.
 * Each chunk is passed in one scratch buffer that is overwritten after every
 * `feed`, so a decoder that keeps views of caller memory (instead of copying)
 * shows up as clobbered messages.
 */
export function decodeChunks(makeDecoder: () => Decoder, chunks: readonly Uint8Array[]): DecodeOutcome {
  const decoder = makeDecoder();
  const messages: Uint8Array[] = [];
  const scratch = new Uint8Array(Math.max(1, ...chunks.map((c) => c.byteLength)));
  try {
    for (const chunk of chunks) {
      scratch.set(chunk);
      messages.push(...decoder.feed(scratch.subarray(0, chunk.byteLength)));
      scratch.fill(0xee);
    }
    decoder.end();
    return { messages, error: undefined };
  } catch (error) {
    const decoded = (error as { decoded?: unknown }).decoded;
    if (Array.isArray(decoded)) messages.push(...(decoded as Uint8Array[]));
    return { messages, error: describeError(error) };
  }
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `non-Error value ${String(error)}`;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name}(${code})` : error.name;
}

function sameOutcome(a: DecodeOutcome, b: DecodeOutcome): boolean {
  if (a.error !== b.error || a.messages.length !== b.messages.length) return false;
  return a.messages.every((m, i) => Buffer.from(m).equals(b.messages[i]!));
}

function showOutcome(outcome: DecodeOutcome): string {
  const list = `[${outcome.messages.map((m) => showBytes(m)).join(', ')}]`;
  return outcome.error === undefined ? list : `${list} then ${outcome.error}`;
}

/** Chunk sizes biased toward the edges that break decoders: empty, 1-3 bytes, and a few larger pieces. */
const chunkSizes = fc.array(
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }) },
    { weight: 2, arbitrary: fc.integer({ min: 4, max: 64 }) },
  ),
  { maxLength: 64 },
);

/**
 * Checks that `makeDecoder()` decodes every stream the same way however it is
 * cut into chunks: for each generated stream, the messages (and any typed
 * error) from feeding it whole must equal those from feeding it one byte at a
 * time and from feeding it in a generated partition with empty chunks. Throws
 * `ChunkingInvariantError` with `{ seed, path }` and the smallest failing
 * chunking when they differ. `streams` may be an arbitrary (e.g.
 * `lineStreams()`) or a fixed list of streams.
 */
export function assertChunkingInvariant(
  makeDecoder: () => Decoder,
  streams: fc.Arbitrary<Uint8Array> | readonly Uint8Array[],
  options: ChunkingInvariantOptions = {},
): void {
  const streamArb = Array.isArray(streams)
    ? fixedStreams(streams as readonly Uint8Array[])
    : (streams as fc.Arbitrary<Uint8Array>);
  const property = fc.property(streamArb, chunkSizes, (stream, sizes) => {
    const whole = decodeChunks(makeDecoder, [stream]);
    const byteByByte = decodeChunks(makeDecoder, splitBySizes(stream, new Array<number>(stream.byteLength).fill(1)));
    const partition = splitBySizes(stream, sizes);
    const chunked = decodeChunks(makeDecoder, partition);
    const failures: string[] = [];
    if (!sameOutcome(whole, byteByByte)) failures.push(`  fed one byte at a time gave: ${showOutcome(byteByByte)}`);
    if (!sameOutcome(whole, chunked)) {
      failures.push(
        `  fed as chunks of [${partition.map((c) => c.byteLength).join(', ')}] bytes gave: ${showOutcome(chunked)}`,
      );
    }
    if (failures.length > 0) {
      throw new Error(
        [
          `  stream (${stream.byteLength} bytes): ${showBytes(stream, 256)}`,
          `  fed whole gave: ${showOutcome(whole)}`,
          ...failures,
        ].join('\n'),
      );
    }
  });
  const params: fc.Parameters<[Uint8Array, number[]]> = {};
  if (options.numRuns !== undefined) params.numRuns = options.numRuns;
  if (options.seed !== undefined) params.seed = options.seed;
  if (options.path !== undefined) params.path = options.path;
  const details = fc.check(property, params);
  if (details.failed) {
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new ChunkingInvariantError(details.seed, details.counterexamplePath ?? '', details.numRuns, cause);
  }
}

function fixedStreams(streams: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  if (streams.length === 0) throw new RangeError('assertChunkingInvariant needs at least one stream');
  return fc.integer({ min: 0, max: streams.length - 1 }).map((i) => streams[i]!);
}
