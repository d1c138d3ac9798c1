import { Transcript } from './transcript';

describe('Transcript', () => {
  it('keeps bytes up to its limit and, past it, sizes only, holding no reference to the chunks', () => {
    const t = new Transcript(10);
    const first = Buffer.alloc(8, 0x61);
    const second = Buffer.alloc(1024 * 1024, 0x62);
    const third = Buffer.alloc(1024 * 1024, 0x63);
    t.bytes('received', first);
    t.bytes('received', second);
    t.bytes('received', third);
    const kept = t.events.map((e) => (e.type === 'received' ? [e.bytes.length, e.size] : []));
    expect(kept).toEqual([
      [8, 8],
      [2, 1024 * 1024],
      [0, 1024 * 1024],
    ]);
    // A zero-length view of `third` would keep its whole megabyte alive.
    const last = t.events[2]!;
    expect(last.type === 'received' && last.bytes.buffer === third.buffer).toBe(false);
    expect(t.dropped).toBe(2 * 1024 * 1024 - 2);
  });
});
