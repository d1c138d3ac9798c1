import { ChunkBuffer } from './chunk-buffer';
import { Cursor } from './cursor';
import { emptySpan } from './view';

function buffer(...chunks: string[]): ChunkBuffer {
  const b = new ChunkBuffer();
  for (const c of chunks) b.push(Buffer.from(c));
  return b;
}

describe('a cursor over a chunk buffer', () => {
  it('reads the same bytes across chunk edges without consuming them from the buffer', () => {
    const source = buffer('ab', 'cd', 'ef');
    const cursor = new Cursor(source);
    expect(cursor.peek(5).toString()).toBe('abcde');
    cursor.skip(3);
    expect([cursor.length, cursor.offset, cursor.consumed]).toEqual([3, 3, 3]);
    expect(cursor.peek(10).toString()).toBe('def');
    expect(cursor.byteAt(0)).toBe(0x64);
    expect(cursor.indexOf(0x66)).toBe(2);
    expect([source.length, source.offset]).toEqual([6, 0]);
  });

  it('sees bytes pushed to the buffer after it was made', () => {
    const source = buffer('ab');
    const cursor = new Cursor(source);
    cursor.skip(2);
    source.push(Buffer.from('cd'));
    expect(cursor.peek(2).toString()).toBe('cd');
  });

  it('shows at most its limit, and says when more has arrived', () => {
    const source = buffer('abc', 'def');
    const cursor = new Cursor(source, 4);
    expect(cursor.length).toBe(4);
    expect(cursor.truncated).toBe(true);
    expect(cursor.peek(10).toString()).toBe('abcd');
    expect(cursor.indexOf(0x65)).toBe(-1);
    const spans: [string, number][] = [];
    cursor.forEachSpan((span, at) => {
      spans.push([span.toString(), at]);
      return true;
    });
    expect(spans).toEqual([
      ['abc', 0],
      ['d', 3],
    ]);
    cursor.skip(10);
    expect([cursor.length, cursor.consumed]).toEqual([0, 4]);
  });

  it('shows a chunk to read in place from its own position, no further than its limit', () => {
    const cursor = new Cursor(buffer('abc', 'defgh'), 6);
    cursor.skip(1);
    const at = (from: number): [string, number, number] => {
      const s = cursor.spanAt(from, emptySpan());
      return [s.chunk.toString(), s.start, s.length];
    };
    expect(at(0)).toEqual(['abc', 1, 2]);
    // The chunk goes on to "h", but the cursor shows only 6 bytes from where it began.
    expect(at(2)).toEqual(['defgh', 0, 3]);
    expect(at(4)).toEqual(['defgh', 2, 1]);
    expect(at(5)).toEqual(['', 0, 0]);
    expect(at(-1)).toEqual(['', 0, 0]);
  });

  it('is not truncated while the buffer holds no more than its limit', () => {
    expect(new Cursor(buffer('abcd'), 4).truncated).toBe(false);
  });

  it('gives spans from a later position with positions relative to itself', () => {
    const cursor = new Cursor(buffer('abc', 'def'));
    cursor.skip(1);
    const spans: [string, number][] = [];
    cursor.forEachSpan((span, at) => {
      spans.push([span.toString(), at]);
      return true;
    }, 3);
    expect(spans).toEqual([['ef', 3]]);
  });

  it('can stand over another cursor, as a nested any does', () => {
    const outer = new Cursor(buffer('hello ', 'world'));
    outer.skip(2);
    const inner = new Cursor(outer, 6);
    inner.skip(1);
    expect(inner.peek(10).toString()).toBe('lo wo');
    expect(inner.offset).toBe(3);
    expect(outer.consumed).toBe(2);
  });
});
