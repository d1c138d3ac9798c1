/**
 * `tcpspec fuzz --delivery timed` as a user meets it: a bug that only a
 * full-length stall shows (the write-timeout twin gives up on a reply when it
 * could write nothing for 100 ms) is found under timed gaps, which the
 * default read-confirmed delivery cuts short, and the printed replay line
 * asks for timed gaps again, so pasted it plays the same case the same way.
 */
import * as path from 'node:path';
import { sharedSockDiag } from '../../src/fuzz/delivery/sock-diag';
import { cli } from './cli-io';

const spec = path.join(__dirname, '..', '..', 'specs', 'fixtures', 'buggy-write-timeout.yaml');

/** The arguments of a `replay: npx tcpspec …` line, split at spaces (this one holds no quoted word). */
const replayArgs = (out: string): string[] => {
  const line = /replay: +npx tcpspec (.*)$/m.exec(out);
  if (!line) throw new Error(`no replay line in:\n${out}`);
  return line[1]!.split(' ');
};
const smallestCase = (out: string): string | undefined => /smallest failing case: (.*)$/m.exec(out)?.[1];

/** Read-confirmed delivery needs Linux socket diagnostics; elsewhere the first half of this proof does not apply. */
const observable = typeof sharedSockDiag() !== 'string';
const withDiagnostics = observable ? describe : describe.skip;

withDiagnostics('tcpspec fuzz --delivery', () => {
  it('finds with timed gaps a stalled-reader bug that confirmed reads cut short, and replays it with them', async () => {
    const confirmed = await cli(['fuzz', spec, '--seed', '6']);
    // Read-confirmed stalls end when the twin blocks, well inside its 100 ms. Only a pause of our own process that
    // long (a loaded machine; seen once in a full CI run) fails a case, and then its replay passes, which tcpspec
    // reports as flaky. A failure that replays is what a bug found by read-confirmed stalls would look like.
    const verdict = confirmed.out.includes('1 passed, 0 failed')
      ? 'passed'
      : confirmed.out.includes('FLAKY: failed once, then passed when replayed')
        ? 'flaky'
        : confirmed.out;
    expect(['passed', 'flaky']).toContain(verdict);

    const timed = await cli(['fuzz', spec, '--seed', '6', '--delivery', 'timed']);
    expect(timed.status).toBe(1);
    expect(smallestCase(timed.out)).toMatch(/^replies read slowly \(nothing for \d+ ms/);
    const args = replayArgs(timed.out);
    expect(args.slice(0, 2)).toEqual(['fuzz', spec]);
    expect(args).toContain('--delivery');

    // The replay plays that one case, under timed gaps again.
    const replay = await cli(args);
    expect(replay.out).toMatch(/\(1 case, seed 6, \d+ ms, timed gaps of \d+ ms: timed gaps were asked for\)/);
    // A shrunk stall sits at the first step past the twin's timeout, so under load a late timer can let a replay
    // of it pass; when it fails, it fails with the same case.
    expect([0, 1]).toContain(replay.status);
    if (replay.status === 1) expect(smallestCase(replay.out)).toBe(smallestCase(timed.out));
  });
});
