import { ChunkBuffer } from './chunk-buffer';

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
