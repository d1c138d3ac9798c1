/**
 * The fuzzing page's examples (docs/fuzzing.md, linked from the README), run
 * as they are printed there: the test at the end checks that every block
 * between the markers below appears in docs/fuzzing.md word for word, so the
 * page cannot drift from code that passes. The README's own jest example runs
 * in test/package/pack.test.ts, in a project that installed the packed package.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import fc from 'fast-check';
import { ChunkingInvariantError } from 'tcpspec';

// README example: decoder
import { assertChunkingInvariant, LineDecoder, lineStreams } from 'tcpspec';

test('my line decoder gives the same lines however the stream is cut', () => {
  assertChunkingInvariant(() => new LineDecoder(), lineStreams());
});
// end of README example

// README example: spec
import { fuzzSpecFile } from 'tcpspec';

test('my server survives chunk-boundary fuzzing', async () => {
  const server = net.createServer((socket) => socket.pipe(socket)); // your server here
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    const result = await fuzzSpecFile('specs/seeds/echo.yaml', {
      target: { host: '127.0.0.1', port },
      runs: 20,
      seed: 42,
    });
    expect(result.failure?.words).toBeUndefined();
    expect(result.status).toBe('passed');
  } finally {
    server.close();
  }
});
// end of README example

test('the decoder property really fails a decoder that takes each chunk as a line', () => {
  const naive = { feed: (chunk: Uint8Array) => (chunk.length ? [chunk] : []), end: () => undefined };
  expect(() =>
    assertChunkingInvariant(() => naive, fc.constant(Buffer.from('one\ntwo\n')), { numRuns: 50, seed: 1 }),
  ).toThrow(ChunkingInvariantError);
});

test('docs/fuzzing.md shows these examples word for word', () => {
  const source = fs.readFileSync(__filename, 'utf8');
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'fuzzing.md'), 'utf8');
  const blocks = [...source.matchAll(/\/\/ README example: \w+\n([\s\S]*?)\/\/ end of README example\n/g)].map((m) =>
    m[1]!.trim(),
  );
  expect(blocks).toHaveLength(2);
  for (const block of blocks) expect(readme).toContain(block);
});
