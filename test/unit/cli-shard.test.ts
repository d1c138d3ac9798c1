/** `--shard I/N` on the command line: the shards of a collection run each spec file exactly once. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, lastLine } from './cli-io';

let dir: string;
const files = ['a.yaml', 'b.yaml', 'c.yaml', 'nested/d.yaml', 'nested/e.yml'];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-shard-'));
  fs.mkdirSync(path.join(dir, 'specs', 'nested'), { recursive: true });
  for (const f of files)
    fs.writeFileSync(
      path.join(dir, 'specs', f),
      `name: ${f}\ntarget: echo\nsteps:\n  - send: "${f}"\n  - expect: "${f}"\n  - close\n`,
    );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const passed = (out: string): string[] =>
  [...out.matchAll(/^PASS (\S+)/gm)].map((m) => path.relative(path.join(dir, 'specs'), m[1]!));

describe('tcpspec run --shard', () => {
  it('covers the collection exactly once over its shards', async () => {
    const runs = await Promise.all([1, 2, 3].map((i) => cli(['run', path.join(dir, 'specs'), '--shard', `${i}/3`])));
    expect(runs.map((r) => r.status)).toEqual([0, 0, 0]);
    expect(runs.map((r) => passed(r.out))).toEqual([
      ['a.yaml', 'nested/d.yaml'],
      ['b.yaml', 'nested/e.yml'],
      ['c.yaml'],
    ]);
    expect(runs.map((r) => lastLine(r.out))).toEqual([
      '2 passed, 0 failed',
      '2 passed, 0 failed',
      '1 passed, 0 failed',
    ]);
  });

  it('prints 0 passed, 0 failed and exits 0 for an empty shard', async () => {
    const r = await cli(['run', path.join(dir, 'specs', 'a.yaml'), '--shard', '2/2']);
    expect(r.out).toBe('0 passed, 0 failed\n');
    expect(r.status).toBe(0);
  });

  it('shards fuzz the same way', async () => {
    const r = await cli(['fuzz', path.join(dir, 'specs'), '--shard', '3/3', '--runs', '2', '--seed', '1']);
    expect(passed(r.out)).toEqual(['c.yaml']);
    expect(r.status).toBe(0);
  });

  it.each(['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3'])(
    'exits 2 for --shard %s, saying what it expects',
    async (shard) => {
      const r = await cli(['run', path.join(dir, 'specs'), '--shard', shard]);
      expect(r.err).toContain(`--shard expects I/N with I from 1 to N (such as 2/4), found "${shard}"`);
      expect(r.status).toBe(2);
    },
  );
});
