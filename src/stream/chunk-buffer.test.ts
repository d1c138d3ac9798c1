import { ChunkBuffer } from './chunk-buffer';
import { emptySpan } from './view';
import type { ChunkSpan } from './view';

function bufferOf(...chunks: string[]): ChunkBuffer {
  const b = new ChunkBuffer();
  for (const c of chunks) b.push(Buffer.from(c));
  return b;
}

describe('ChunkBuffer', () => {
  it('reads across chunk edges the same as from one chunk', () => {
    const b = bufferOf('ab', 'cde', 'f');
    expect(b.peek(6).toString()).toBe('abcdef');
    expect(b.byteAt(4)).toBe('e'.charCodeAt(0));
    expect(b.indexOf('d'.charCodeAt(0), 1)).toBe(3);
    const spans: string[] = [];
    b.forEachSpan((span, position) => (spans.push(`${position}:${span.toString()}`), true), 1);
    expect(spans).toEqual(['1:b', '2:cde', '5:f']);
  });

  it('shows where an unread byte lies in its stored chunk, for reading in place', () => {
    const b = bufferOf('xab', 'cde', 'f');
    b.skip(1);
    const at = (from: number): [string, number, number] => {
      const s: ChunkSpan = b.spanAt(from, emptySpan());
      return [s.chunk.toString(), s.start, s.length];
    };
    expect(at(0)).toEqual(['xab', 1, 2]);
    expect(at(1)).toEqual(['xab', 2, 1]);
    expect(at(2)).toEqual(['cde', 0, 3]);
    expect(at(4)).toEqual(['cde', 2, 1]);
    expect(at(5)).toEqual(['f', 0, 1]);
    expect(at(6)).toEqual(['', 0, 0]);
  });

  it('keeps reading correctly after a skip that empties it across several chunks', () => {
    const b = bufferOf('ab', 'cd', 'ef');
    b.skip(6);
    expect(b.length).toBe(0);
    expect(b.offset).toBe(6);
    b.push(Buffer.from('gh'));
    expect(b.consume(2).toString()).toBe('gh');
    expect(b.offset).toBe(8);
  });

  it('reads correctly after thousands of consumed chunks (compaction)', () => {
    const b = new ChunkBuffer();
    for (let i = 0; i < 5000; i++) b.push(Buffer.from([i % 256, (i + 1) % 256]));
    for (let i = 0; i < 3000; i++) expect(b.consume(1)[0]).toBe(expectByte(i));
    expect(b.length).toBe(10000 - 3000);
    expect(b.peek(2)).toEqual(Buffer.from([1500 % 256, 1501 % 256]));
  });
});

/** Byte `i` of the stream pushed in the compaction test: chunk k holds [k, k+1] (mod 256). */
function expectByte(i: number): number {
  const k = Math.floor(i / 2);
  return (i % 2 === 0 ? k : k + 1) % 256;
}

describe('ChunkBuffer for framing decoders', () => {
  it('finds a multi-byte sequence that straddles chunk edges, and not a partial one at the end', () => {
    const b = bufferOf('xx\r', '\n--', '\r');
    expect(b.indexOfSequence(Buffer.from('\r\n'))).toBe(2);
    expect(b.indexOfSequence(Buffer.from('\r\n'), 3)).toBe(-1);
    expect(b.indexOfSequence(Buffer.from('-\r'))).toBe(5);
  });

  it('keeps borrowed bytes intact after retain(), though their owner reuses the memory', () => {
    const b = new ChunkBuffer();
    const scratch = Buffer.from('abcd');
    b.pushBorrowed(scratch.subarray(0, 4));
    b.skip(1);
    b.retain();
    scratch.fill(0x7a);
    expect(b.take(3).toString()).toBe('bcd');
  });

  it('finds bytes near the end as it finds them near the front', () => {
    const b = new ChunkBuffer();
    for (let i = 0; i < 5000; i++) b.push(Buffer.from('a'));
    b.push(Buffer.from('\n'));
    expect(b.indexOf(0x0a, 4990)).toBe(5000);
    expect(b.indexOf(0x0a, 3)).toBe(5000);
    expect(b.byteAt(4999)).toBe(0x61);
    expect(b.byteAt(5000)).toBe(0x0a);
  });
});
