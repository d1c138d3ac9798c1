/**
 * Over a real socket: however the other side splits its writes, the peer
 * gives the same verdict, the same failure message and the same captures.
 */
import fc from 'fast-check';
import { playAsClient } from '../../src/peer/client';
import { loadSpecText } from '../../src/load/load';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

const spec = loadSpecText(
  'specs/split.yaml',
  `name: replies split anywhere
timeout: 2s
steps:
  - expect: /220 (?<host>\\S+) ESMTP.*/
  - send: "EHLO x\\r\\n"
  - expect: { until: /250 .*/, each: /250-.*/ }
  - expect: { frame: u16be, payload: /caf\u00e9 (?<n>\\d+)/ }
  - expect: { bytes: 4, as: tail }
  - expect: "bye\\n"
  - expect: eof
`,
);

const frame = Buffer.concat([Buffer.from([0, 8]), Buffer.from('café 42')]);
const replies = {
  right: Buffer.concat([
    Buffer.from('220 mx.test ESMTP ready\r\n250-SIZE 10\r\n250-8BITMIME\r\n250 OK\r\n'),
    frame,
    Buffer.from('WXYZbye\n'),
  ]),
  wrong: Buffer.concat([
    Buffer.from('220 mx.test ESMTP ready\r\n250-SIZE 10\r\n250 OK\r\n'),
    frame,
    Buffer.from('WXYZbyE\n'),
  ]),
};

/** The server writes the whole reply after the EHLO line, cut where the current case says. */
let cuts: number[] = [];
let reply = replies.right;
let server: RawServer;
beforeAll(async () => {
  server = await rawServer((s) => {
    let greeted = false;
    const write = async (bytes: Buffer): Promise<void> => {
      const at = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
      for (let k = 1; k < at.length; k++) {
        s.write(bytes.subarray(at[k - 1], at[k]));
        await new Promise((r) => setTimeout(r, 1));
      }
      s.end();
    };
    s.on('data', () => {
      if (!greeted) void write(reply.subarray(25));
      greeted = true;
    });
    s.write(reply.subarray(0, 25));
  });
});
afterAll(() => server.close());

async function verdict(): Promise<{ failure?: string; vars: Record<string, unknown> }> {
  const r = await playAsClient(spec, server.address);
  return { ...(r.failure ? { failure: r.failure.message } : {}), vars: Object.fromEntries(r.vars) };
}

describe.each(Object.entries(replies))('a %s reply', (_name, bytes) => {
  it('gets the same verdict, message and captures however the server cuts its writes', async () => {
    reply = bytes;
    cuts = [];
    const whole = await verdict();
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 26 }), { maxLength: 10 }), async (c) => {
        cuts = c;
        expect(await verdict()).toEqual(whole);
      }),
      { numRuns: 40, seed: 17 },
    );
  });
});

test('the right reply passes with its captures and the wrong one fails, so both properties have teeth', async () => {
  reply = replies.right;
  cuts = [];
  expect(await verdict()).toEqual({ vars: { host: 'mx.test', n: '42', tail: 'WXYZ' } });
  reply = replies.wrong;
  expect((await verdict()).failure).toMatch(
    /^specs\/split\.yaml:9 step 6 \(expect\): expected "bye\\n", received "byE\\n" \(first difference at byte 2\)/,
  );
});
