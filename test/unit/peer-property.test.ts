/**
 * Over a real socket: however the other side splits its writes, the peer
 * gives the same verdict, the same failure and the same captures. A
 * mismatch is decided at the first differing byte, so the received bytes it
 * quotes run from there to whatever had arrived by then: the same bytes up
 * to the difference, and a prefix of the rest.
 */
import fc from 'fast-check';
import { StepMismatchError } from '../../src/peer/step-errors';
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

/** A mismatch by where and what it decided, without the bytes it quotes. */
type Mismatch = Pick<StepMismatchError, 'failedStep' | 'expected' | 'offset' | 'streamOffset' | 'reason'>;

interface Verdict {
  /** The message of any other failure. */
  readonly failure?: string | Mismatch;
  /** For a mismatch: the received bytes it quotes, up to and including the first difference. */
  readonly upToDifference?: Buffer;
  readonly vars: Record<string, unknown>;
}

/** What played, with the bytes a mismatch quotes kept apart, to compare prefixes. */
async function play(): Promise<{ verdict: Verdict; quoted?: Buffer }> {
  const r = await playAsClient(spec, server.address);
  const vars = Object.fromEntries(r.vars);
  if (!(r.failure instanceof StepMismatchError)) {
    return { verdict: { ...(r.failure ? { failure: r.failure.message } : {}), vars } };
  }
  const { failedStep, expected, offset, streamOffset, reason } = r.failure;
  const quoted = Buffer.from(r.failure.received);
  const difference = r.failure.involved.difference!.received;
  return {
    verdict: {
      failure: { failedStep, expected, offset, streamOffset, reason },
      upToDifference: quoted.subarray(0, difference + 1),
      vars,
    },
    quoted,
  };
}

async function verdict(): Promise<Verdict> {
  return (await play()).verdict;
}
describe.each(Object.entries(replies))('a %s reply', (_name, bytes) => {
  it('gets the same verdict, failure and captures however the server cuts its writes', async () => {
    reply = bytes;
    cuts = [];
    const whole = await play();
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 26 }), { maxLength: 10 }), async (c) => {
        cuts = c;
        const cut = await play();
        expect(cut.verdict).toEqual(whole.verdict);
        // Past the difference, a mismatch quotes what had arrived when it was decided.
        if (cut.quoted) expect(whole.quoted!.subarray(0, cut.quoted.length)).toEqual(cut.quoted);
      }),
      // The first example cuts just before the final "\n": a mismatch is decided before that byte arrives.
      { numRuns: 40, seed: 17, examples: [[[bytes.length - 26]]] },
    );
  });
});

test('the right reply passes with its captures and the wrong one fails, so both properties have teeth', async () => {
  reply = replies.right;
  cuts = [];
  expect(await verdict()).toEqual({ vars: { host: 'mx.test', n: '42', tail: Buffer.from('WXYZ') } });
  reply = replies.wrong;
  expect((await playAsClient(spec, server.address)).failure?.message).toMatch(
    /^specs\/split\.yaml:9 step 6 \(expect\): expected "bye\\n", received "byE\\n" \(first difference at byte 2\)/,
  );
});
