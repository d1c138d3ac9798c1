/**
 * `struct` end to end through the peer: a binary field captured on one
 * connection goes out byte-exact on another (PostgreSQL's CancelRequest), and
 * a field that differs fails the step naming it, its offset and both values,
 * with the field marked in the dump.
 */
import { StepMismatchError } from '../../src/peer/step-errors';
import { playAsClient } from '../../src/peer/client';
import { loadSpecText } from '../../src/load/load';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A secret with bytes above 0x7f and a 0: what UTF-8 text variables used to corrupt. */
const SECRET = Buffer.from([0x81, 0xff, 0x00, 0xc3]);

/** Connection 1 gets BackendKeyData; every later one reports the bytes it received, in hex, then closes. */
async function keyServer(keyData: Buffer): Promise<RawServer> {
  let count = 0;
  return rawServer((s) => {
    count += 1;
    if (count === 1) {
      s.write(keyData);
      return;
    }
    const got: Buffer[] = [];
    s.on('data', (d) => {
      got.push(d);
      if (Buffer.concat(got).length >= 16) s.end(`${Buffer.concat(got).toString('hex')}\n`);
    });
  });
}

const backendKeyData = Buffer.concat([Buffer.from('K'), Buffer.from('0000000c00003039', 'hex'), SECRET]);

const spec = loadSpecText(
  'specs/cancel.yaml',
  `name: cancel
timeout: 2s
steps:
  - expect:
      struct:
        - text: "K"
        - u32be: { length: rest, includes_self: true }
        - u32be: { as: pid }
        - bytes: { size: 4, as: secret }
  - connect: cancel
  - on: cancel
    send:
      struct:
        - u32be: { length: rest, includes_self: true }
        - u32be: 80877102
        - u32be: "\${pid}"
        - bytes: "\${secret}"
  - on: cancel
    expect: "0000001004d2162e00003039${SECRET.toString('hex')}\\n"
`,
);

describe('struct through the peer', () => {
  it('sends a binary field captured on one connection on another, byte-exact', async () => {
    server = await keyServer(backendKeyData);
    const r = await playAsClient(spec, server.address);
    expect(r.failure).toBeUndefined();
    expect(r.vars.get('secret')).toEqual(SECRET);
    expect(r.vars.get('pid')).toBe('12345');
  });

  it('names the field that differs, its offset and both values, and marks it in the dump', async () => {
    const wrongLength = Buffer.concat([Buffer.from('K'), Buffer.from('0000000d00003039', 'hex'), SECRET]);
    server = await keyServer(wrongLength);
    const r = await playAsClient(spec, server.address);
    expect(r.failure).toBeInstanceOf(StepMismatchError);
    const failure = r.failure as StepMismatchError;
    expect(failure.field).toEqual({ label: 'field 2 (u32be length)', start: 1, end: 5 });
    expect(failure.message).toBe(
      [
        'specs/cancel.yaml:4 step 1 (expect on main): field 2 (u32be length) at byte 1: says 9 bytes, but the fields it counts took 8',
        '    00000000  4b 00 00 00 0d 00 00 30 39 81 ff 00 c3           |K......09....|',
        '                 ^^ ^^ ^^ ^^',
      ].join('\n'),
    );
  });
});
