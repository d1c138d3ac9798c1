/**
 * `--shard I/N`: a stable, equal split of a collection's spec files across
 * machines. The files' paths relative to their collection are sorted by UTF-16
 * code unit (never by locale, so every machine agrees), and file k (from 0)
 * goes to shard (k mod N) + 1.
 */
import * as path from 'node:path';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** Plain code-unit order: the same on every machine, whatever its locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The spec files of shard `shard`, in collection order; every file is in exactly one shard. */
export function selectShard<T extends { readonly file: string; readonly root: string }>(
  specs: readonly T[],
  shard: Shard,
): T[] {
  const keyed = specs.map((s) => ({
    s,
    key: path.relative(s.root, path.resolve(s.file)).split(path.sep).join('/'),
    whole: path.resolve(s.file),
  }));
  keyed.sort((a, b) => byCodeUnit(a.key, b.key) || byCodeUnit(a.whole, b.whole));
  return keyed.filter((_k, i) => (i % shard.count) + 1 === shard.index).map((k) => k.s);
}
