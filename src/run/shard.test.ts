import fc from 'fast-check';
import { selectShard } from './shard';

const at = (relative: string) => ({ file: `/c/specs/${relative}`, root: '/c/specs' });

describe('selectShard', () => {
  it('orders by code unit, not by locale, and deals file k to shard (k mod N) + 1', () => {
    const specs = ['b.yaml', 'a.yaml', 'B.yaml', 'é.yaml', 'a/z.yaml'].map(at);
    // Code-unit order: "B" (0x42) < "a" (0x61), "a.yaml" < "a/z.yaml" ("." 0x2e < "/" 0x2f), "é" last.
    expect(selectShard(specs, { index: 1, count: 2 }).map((s) => s.file)).toEqual([
      '/c/specs/B.yaml',
      '/c/specs/a/z.yaml',
      '/c/specs/é.yaml',
    ]);
    expect(selectShard(specs, { index: 2, count: 2 }).map((s) => s.file)).toEqual([
      '/c/specs/a.yaml',
      '/c/specs/b.yaml',
    ]);
  });

  it('gives an empty shard when there are more shards than files', () => {
    expect(selectShard([at('a.yaml')], { index: 2, count: 3 })).toEqual([]);
  });

  it('covers a collection exactly once over its N shards, in parts that differ by at most one file', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-zA-Z0-9_./-]{1,12}$/), { maxLength: 40 }),
        fc.integer({ min: 1, max: 9 }),
        (names, count) => {
          const specs = names.map((n) => at(`${n}.yaml`));
          const shards = Array.from({ length: count }, (_v, i) => selectShard(specs, { index: i + 1, count }));
          const seen = shards.flat().map((s) => s.file);
          expect([...seen].sort()).toEqual(specs.map((s) => s.file).sort());
          const sizes = shards.map((s) => s.length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
