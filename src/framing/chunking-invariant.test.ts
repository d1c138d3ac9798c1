import fc from 'fast-check';
import { utf8 } from './bytes';
import { assertChunkingInvariant, ChunkingInvariantError, splitBySizes } from './chunking-invariant';
import type { Decoder } from './decoder';
import { DelimiterDecoder } from './delimiter-decoder';
import { LengthHeaders, LengthPrefixDecoder } from './length-prefix-decoder';
import { LineDecoder } from './line-decoder';
import { delimitedStreams, lengthPrefixedStreams, lineStreams } from './stream-arbitraries';

/** Replays from the environment when set, so a CI failure can be reproduced exactly. */
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const runs = { numRuns: 200, ...(seed === undefined ? {} : { seed }) };

/** Deliberately broken: treats every chunk as one whole message, as a read-is-line server does. */
class ChunkIsMessageDecoder implements Decoder {
  feed(chunk: Uint8Array): Uint8Array[] {
    return chunk.byteLength > 0 ? [chunk.slice()] : [];
  }
  end(): void {}
}

describe('splitBySizes', () => {
  it.each([
    { sizes: [], chunks: ['abcdef'] },
    { sizes: [1, 0, 2], chunks: ['a', '', 'bc', 'def'] },
    { sizes: [4, 9, 3], chunks: ['abcd', 'ef', ''] },
  ])('cuts "abcdef" by $sizes into $chunks', ({ sizes, chunks }) => {
    const pieces = splitBySizes(utf8('abcdef'), sizes).map((c) => Buffer.from(c).toString());
    expect(pieces).toEqual(chunks);
  });
});

describe('assertChunkingInvariant holds for our decoders', () => {
  it('LineDecoder on generated line streams (\\n and \\r\\n)', () => {
    assertChunkingInvariant(() => new LineDecoder(), lineStreams(), runs);
  });

  it('LineDecoder with a line length bound, on streams that break it', () => {
    assertChunkingInvariant(() => new LineDecoder({ maxLineLength: 6 }), lineStreams({ maxMessageLength: 10 }), runs);
  });

  it('LineDecoder on arbitrary bytes, unterminated tails included', () => {
    assertChunkingInvariant(
      () => new LineDecoder({ stripLineEnding: false }),
      fc.uint8Array({ maxLength: 40, max: 0x0f }),
      runs,
    );
  });

  it.each(['\n', '\r\n\r\n', 'END', '\x00\xff'])('DelimiterDecoder(%j) on generated streams', (delimiter) => {
    assertChunkingInvariant(() => new DelimiterDecoder(delimiter), delimitedStreams(delimiter), runs);
  });

  it('DelimiterDecoder on bytes full of delimiter fragments', () => {
    const fragments = fc
      .array(fc.constantFrom('a', 'b', 'ab', 'aab'), { maxLength: 20 })
      .map((parts) => utf8(parts.join('')));
    assertChunkingInvariant(() => new DelimiterDecoder('aab', { maxMessageLength: 5 }), fragments, runs);
  });

  it.each(LengthHeaders)('LengthPrefixDecoder(%s) on generated frames', (header) => {
    assertChunkingInvariant(() => new LengthPrefixDecoder(header), lengthPrefixedStreams(header), runs);
  });

  it('LengthPrefixDecoder with a frame size bound, on arbitrary bytes', () => {
    assertChunkingInvariant(
      () => new LengthPrefixDecoder('u16le', { maxFrameSize: 8 }),
      fc.uint8Array({ maxLength: 40, max: 12 }),
      runs,
    );
  });

  it('accepts a fixed list of streams instead of an arbitrary', () => {
    assertChunkingInvariant(() => new LineDecoder(), [utf8('MSG a 1 3\r\nfoo\r\n'), utf8('')], { numRuns: 20 });
  });
});

describe('assertChunkingInvariant fails for a decoder that depends on chunking', () => {
  it('throws ChunkingInvariantError with the seed, path and failing chunking', () => {
    let thrown: unknown;
    try {
      assertChunkingInvariant(() => new ChunkIsMessageDecoder(), lineStreams(), { numRuns: 100, seed: 42 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ChunkingInvariantError);
    const error = thrown as ChunkingInvariantError;
    expect(error.code).toBe('ERR_CHUNKING_INVARIANT');
    expect(error.seed).toBe(42);
    expect(error.path).toMatch(/^\d+(:\d+)*$/);
    expect(error.message).toContain(`replay with { seed: 42, path: ${JSON.stringify(error.path)} }`);
    expect(error.message).toMatch(/fed whole gave: \[.*\]\n {2}fed one byte at a time gave: /);
  });

  it('replays the same failure from the reported seed and path', () => {
    const first = catchError(() =>
      assertChunkingInvariant(() => new ChunkIsMessageDecoder(), lineStreams(), { seed: 7 }),
    );
    const again = catchError(() =>
      assertChunkingInvariant(() => new ChunkIsMessageDecoder(), lineStreams(), { seed: first.seed, path: first.path }),
    );
    expect(again.message.split('\n').slice(2)).toEqual(first.message.split('\n').slice(2));
  });

  it('catches a decoder that only fails on empty chunks', () => {
    // Broken: an empty chunk is taken as "end of message".
    const emptyEnds = (): Decoder => {
      const line = new LineDecoder();
      return {
        feed: (chunk) => (chunk.byteLength === 0 ? line.feed(utf8('\n')) : line.feed(chunk)),
        end: () => line.end(),
      };
    };
    expect(() => assertChunkingInvariant(emptyEnds, lineStreams(), { seed: 3 })).toThrow(ChunkingInvariantError);
  });
});

function catchError(run: () => void): ChunkingInvariantError {
  try {
    run();
  } catch (error) {
    if (error instanceof ChunkingInvariantError) return error;
    throw error;
  }
  throw new Error('expected assertChunkingInvariant to throw');
}
