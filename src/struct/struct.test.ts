/**
 * `struct`: what a send writes (lengths computed, values exact at every
 * width), what an expect accepts and how it says why not, and that its
 * verdicts never depend on how the bytes were cut.
 */
import fc from 'fast-check';
import { quoteBytes } from '../bytes';
import { loadSpecText } from '../load/load';
import type { Payload, Spec } from '../spec/types';
import { payloadBytes } from '../peer/payload-source';
import { cutAt, matchersOf, oneByOne, play } from '../match/__tests__/play';
import { expectationFor } from '../match/expectation';
import { ChunkBuffer } from '../stream/chunk-buffer';
import type { StreamView } from '../stream/view';
import { encodeNumber, readNumber } from './numbers';
import type { NumberCodec } from '../spec/struct';

function sendSpec(yaml: string, vars = '{ user: alice }'): Spec {
  return loadSpecText('specs/s.yaml', `name: s\nvars: ${vars}\nsteps:\n  - send: ${yaml}\n`);
}

function sent(yaml: string, vars?: string): Buffer {
  const spec = sendSpec(yaml, vars);
  const payload = (spec.steps[0] as { payload: Payload }).payload;
  const b = payloadBytes(payload, new Map(Object.entries(spec.vars)));
  return b.slice(0, b.length);
}

function problem(yaml: string): string {
  try {
    sendSpec(yaml);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the spec loaded without a problem');
}

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('a struct send writes every field, its lengths computed', () => {
  it('writes the PostgreSQL startup message of the contract, its length counting itself', () => {
    const bytes = sent(
      '{ struct: [{ u32be: { length: rest, includes_self: true } }, { u32be: 196608 }, { cstring: user }, { cstring: "${user}" }, { u8: 0 }] }',
    );
    expect(bytes).toEqual(Buffer.concat([hex('00000014 00030000'), Buffer.from('user\0alice\0'), hex('00')]));
  });

  it('writes a length over no fields: PostgreSQL Sync counts only itself, MQTT PINGREQ counts nothing', () => {
    expect(sent('{ struct: [{ text: "S" }, { u32be: { length: rest, includes_self: true } }] }')).toEqual(
      hex('53 00000004'),
    );
    expect(sent('{ struct: [{ u8: 0xc0 }, { varint: { length: rest } }] }')).toEqual(hex('c0 00'));
  });

  it.each([
    ['{ u8: 255 }', 'ff'],
    ['{ i8: -1 }', 'ff'],
    ['{ u16le: 0x1234 }', '3412'],
    ['{ i16be: -2 }', 'fffe'],
    ['{ u24le: 0x010203 }', '030201'],
    ['{ u24be: 0x010203 }', '010203'],
    ['{ i32le: -2147483648 }', '00000080'],
    ['{ u64be: 18446744073709551615 }', 'ffffffffffffffff'],
    ['{ i64le: -9223372036854775808 }', '0000000000000080'],
    ['{ varint: 0 }', '00'],
    ['{ varint: 127 }', '7f'],
    ['{ varint: 128 }', '8001'],
    ['{ varint: 16383 }', 'ff7f'],
    ['{ ber_length: 127 }', '7f'],
    ['{ ber_length: 128 }', '8180'],
    ['{ ber_length: 256 }', '820100'],
    ['{ hex: "de ad" }', 'dead'],
    ['{ text: "é" }', 'c3a9'],
  ])('%s is %s', (field, bytes) => {
    expect(sent(`{ struct: [${field}] }`)).toEqual(hex(bytes));
  });

  it.each([
    // MariaDB: u24le payload length, not counting the header, then a sequence byte.
    ['{ u24le: { length: rest, adjust: -1 } }, { u8: 0 }, { u8: 0x0e }', '010000 00 0e'],
    // DNS over TCP: u16be length of the next field only.
    ['{ u16be: { length: next } }, { hex: "abcd 0100" }, { u8: 9 }', '0004 abcd0100 09'],
    // A named field, with something between it and its length.
    ['{ u8: { length: body } }, { u8: 7 }, { name: body, text: "xyz" }', '03 07 78797a'],
    // An adjust, and a length of a length (nested regions).
    ['{ u8: { length: rest, adjust: -1 } }, { u8: { length: rest } }, { text: "ab" }', '02 02 6162'],
    // MQTT: a varint remaining length that grows to two bytes.
    [
      '{ u8: 0x30 }, { varint: { length: rest } }, { bytes: { repeat: "a", times: 200 } }',
      `30 c801 ${'61'.repeat(200)}`,
    ],
    // A varint that counts itself: 127 bytes and its own byte would not fit one byte, so it takes two (129).
    [
      '{ varint: { length: rest, includes_self: true } }, { bytes: { repeat: "a", times: 127 } }',
      `8101 ${'61'.repeat(127)}`,
    ],
    // BER (LDAP): 0x30, then a long-form length.
    [
      '{ u8: 0x30 }, { ber_length: { length: rest } }, { bytes: { repeat: "b", times: 130 } }',
      `30 8182 ${'62'.repeat(130)}`,
    ],
    ['{ struct: [{ u16be: { length: rest } }, { text: "hi" }] }, { u8: 1 }', '0002 6869 01'],
  ])('%s is %s', (fields, bytes) => {
    expect(sent(`{ struct: [${fields}] }`)).toEqual(hex(bytes));
  });

  it('inserts a variable holding bytes unchanged, and reads a number from a variable', () => {
    const spec = sendSpec(
      '{ struct: [{ u32be: "${pid}" }, { bytes: "${sid}" }, { text: "${sid}" }] }',
      '{ pid: "4660", sid: x }',
    );
    const payload = (spec.steps[0] as { payload: Payload }).payload;
    const sid = Buffer.from([0x81, 0xff, 0x00]);
    const b = payloadBytes(
      payload,
      new Map<string, string | Buffer>([
        ['pid', '4660'],
        ['sid', sid],
      ]),
    );
    expect(b.slice(0, b.length)).toEqual(Buffer.concat([hex('00001234'), sid, sid]));
  });

  it('says where each field lies, nested ones too', () => {
    const spec = sendSpec(
      '{ struct: [{ u8: 1 }, { name: body, struct: [{ u16be: { length: rest } }, { text: "ab" }] }] }',
    );
    const b = payloadBytes((spec.steps[0] as { payload: Payload }).payload, new Map());
    expect(b.fields!.map((f) => [f.label, f.start, f.end])).toEqual([
      ['field 1 (u8)', 0, 1],
      ['field 2 "body" (struct)', 1, 5],
      ['field 2.1 (u16be length)', 1, 3],
      ['field 2.2 (text)', 3, 5],
    ]);
  });

  it('refuses a computed length that does not fit its field, naming it', () => {
    const spec = sendSpec('{ struct: [{ u8: { length: rest } }, { bytes: { repeat: "a", times: 300 } }] }');
    expect(() => payloadBytes((spec.steps[0] as { payload: Payload }).payload, new Map())).toThrow(
      'field 1 (u8 length): the length 300 does not fit a u8 (0 to 255); it counts 300 bytes',
    );
  });

  it.each([
    [
      '{ struct: [{ u16be: 70000 }] }',
      'specs/s.yaml:4:31: struct field 1 (u16be): 70000 does not fit a u16be (0 to 65535)',
    ],
    [
      '{ struct: [{ u8: { as: x } }] }',
      'specs/s.yaml:4:30: struct field 1 (u8): as checks what is received, so it goes only in expect; in send give the value',
    ],
    [
      '{ struct: [{ u8: { length: next } }] }',
      'specs/s.yaml:4:38: length: next counts the next field, and this is the last one',
    ],
    [
      '{ struct: [{ u8: { includes_self: true } }] }',
      'specs/s.yaml:4:30: struct field 1 (u8): includes_self goes only with length',
    ],
    [
      '{ struct: [{ varint: { length: rest, max_bytes: 11 } }, { u8: 1 }] }',
      'specs/s.yaml:4:59: struct field 1 (varint): max_bytes expects a whole number from 1 to 10, found number 11',
    ],
    [
      '{ struct: [{ u8: "${nope}" }] }',
      'specs/s.yaml:4:28: step 1: undefined variable "${nope}": define it under vars: or capture it with a named group (?<nope>...) or as: nope in an earlier expect',
    ],
    [
      '{ struct: [] }',
      'specs/s.yaml:4:21: struct: expects a non-empty list of fields such as - u32be: 5 or - cstring: user; found an empty list',
    ],
  ])('refuses %s at its position', (yaml, message) => {
    expect(problem(yaml)).toBe(message);
  });
});

describe('numbers read back as they were written', () => {
  const codecs: NumberCodec[] = [
    { kind: 'int', type: 'u8', width: 1, signed: false, little: false },
    { kind: 'int', type: 'i16le', width: 2, signed: true, little: true },
    { kind: 'int', type: 'u24le', width: 3, signed: false, little: true },
    { kind: 'int', type: 'i32be', width: 4, signed: true, little: false },
    { kind: 'int', type: 'u64le', width: 8, signed: false, little: true },
    { kind: 'int', type: 'i64be', width: 8, signed: true, little: false },
    { kind: 'varint', maxBytes: 10 },
    { kind: 'ber_length' },
  ];
  it.each(codecs.map((c) => [c.kind === 'int' ? c.type : c.kind, c] as const))('%s', (_name, codec) => {
    const bits = codec.kind === 'int' ? codec.width * 8 : 63;
    const signed = codec.kind === 'int' && codec.signed;
    const value = signed
      ? fc.bigInt({ min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n })
      : fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encodeNumber(codec, v);
        expect(readNumber(codec, (i) => bytes[i]!, bytes.length)).toEqual({
          state: 'ok',
          value: v,
          width: bytes.length,
        });
        expect(readNumber(codec, (i) => bytes[i]!, bytes.length - 1).state).toBe('short');
      }),
    );
  });
});

describe('an expect reads every integer of up to 4 bytes as Buffer writes it', () => {
  const types = ['u8', 'i8', 'u16be', 'u16le', 'i16be', 'i16le', 'u24be', 'u24le', 'u32be', 'u32le', 'i32be', 'i32le'];
  it.each(types)('%s', (type) => {
    const width = type === 'u8' || type === 'i8' ? 1 : Number(type.slice(1, 3)) / 8;
    const signed = type.startsWith('i');
    const little = type.endsWith('le');
    const bits = 8 * width;
    const write = signed ? (little ? 'writeIntLE' : 'writeIntBE') : little ? 'writeUIntLE' : 'writeUIntBE';
    const value = signed ? fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 }) : fc.nat(2 ** bits - 1);
    // After a type byte, so the integer lies inside its chunk at neither end.
    const [m] = matchersOf(`{ struct: [{ text: "x" }, { ${type}: { as: n } }, { text: "y" }] }`);
    fc.assert(
      fc.property(value, (v) => {
        const bytes = Buffer.alloc(width);
        bytes[write](v, 0, width);
        const message = Buffer.concat([Buffer.from('x'), bytes, Buffer.from('y')]);
        expect(play([m!], [message])[0]).toMatchObject({ state: 'matched', captures: { n: String(v) } });
      }),
    );
  });
});

describe('a struct expect says which field differs and why', () => {
  const authOk = '{ struct: [{ text: "R" }, { u32be: { length: rest, includes_self: true } }, { u32be: 0 }] }';

  it('decides on the first byte when a type byte differs, without waiting for the rest', () => {
    expect(play(matchersOf(authOk), [Buffer.from('E')])[0]).toMatchObject({
      state: 'mismatch',
      reason: 'field 1 (text) at byte 0: expected "R", received "E" (first difference at byte 0)',
    });
  });

  it.each([
    [
      'a length that counts fewer bytes than its fields take',
      '{ struct: [{ u16be: { length: next } }, { u32be: 1 }] }',
      '0002 00000001',
      'field 2 (u32be) at byte 2: needs 4 bytes, but the length in field 1 (u16be length) leaves 2',
    ],
    [
      'a length that counts more bytes than its fields take',
      '{ struct: [{ u16be: { length: next } }, { u16be: 1 }] }',
      '0003 0001 ff',
      'field 2 (u16be) at byte 2: the length in field 1 (u16be length) says 3 bytes, but the fields it counts took 2',
    ],
    [
      'a length smaller than itself',
      '{ struct: [{ u32be: { length: rest, includes_self: true } }, { bytes: rest }] }',
      '00000002',
      'field 1 (u32be length) at byte 0: a length of 2 is less than its own 4 bytes it includes',
    ],
    [
      'flags outside a mask',
      '{ struct: [{ u16be: { mask: 0x800f, equals: 0x8000 } }] }',
      '8183',
      'field 1 (u16be) at byte 0: expected (value & 0x800f) = 0x8000, received 33155 (0x8183)',
    ],
    [
      'a value outside a set',
      '{ struct: [{ u8: { in: [1, 2] } }] }',
      '05',
      'field 1 (u8) at byte 0: expected one of 1, 2, received 5 (0x05)',
    ],
    [
      'a varint longer than allowed',
      '{ struct: [{ varint: { max_bytes: 2 } }] }',
      'ffff01',
      'field 1 (varint) at byte 0: a varint longer than its max_bytes 2 (every one of its 2 bytes has the continuation bit set)',
    ],
    [
      'a cstring with no end inside its region',
      '{ struct: [{ u8: { length: next } }, { cstring: { as: s } }] }',
      '02 6162',
      'field 2 (cstring) at byte 1: no 0 byte ends it before the length in field 1 (u8 length) ends',
    ],
    [
      'bytes that fail their regex',
      '{ struct: [{ bytes: { size: 2, match: /\\d+/ } }] }',
      '6162',
      'field 1 (bytes) at byte 0: expected bytes matching /\\d+/, received "ab"',
    ],
  ])('%s', (_name, yaml, bytes, reason) => {
    expect(play(matchersOf(yaml), [hex(bytes)])[0]).toMatchObject({ state: 'mismatch', reason });
  });

  it('accepts a message whose length leaves no body, and refuses one whose length promises a body', () => {
    const sync = '{ struct: [{ text: "S" }, { u32be: { length: rest, includes_self: true } }] }';
    expect(play(matchersOf(sync), [hex('53 00000004')])[0]).toMatchObject({ state: 'matched' });
    expect(play(matchersOf(sync), [hex('53 00000005 00')])[0]).toMatchObject({ state: 'mismatch' });
  });

  it('fails a length above 16 MiB as an overflow, however little has arrived', () => {
    const m = matchersOf('{ struct: [{ u32be: { length: rest } }, { bytes: rest }] }');
    expect(play(m, [hex('01000001')], 16 * 1024 * 1024)[0]).toMatchObject({ state: 'overflow' });
  });

  it('captures numbers as decimal text and bytes exactly', () => {
    const m = matchersOf(
      '{ struct: [{ text: "K" }, { u32be: 12 }, { u32be: { as: pid } }, { bytes: { size: 4, as: secret } }] }',
    );
    expect(play(m, [Buffer.concat([Buffer.from('K'), hex('0000000c 00003039 81ff00c3')])])[0]).toMatchObject({
      state: 'matched',
      captures: { pid: '12345', secret: hex('81ff00c3') },
    });
  });

  it('checks an integer given "${name}" against the variable', () => {
    const m = matchersOf('{ bytes: 2, as: n }', '{ struct: [{ u16be: "${n}" }] }');
    expect(play(m, [Buffer.from('42'), hex('002a')]).map((v) => v.state)).toEqual(['matched', 'matched']);
    expect(play(m, [Buffer.from('42'), hex('002b')])[1]).toMatchObject({
      reason: 'field 1 (u16be) at byte 0: expected 42, received 43 (0x002b)',
    });
  });
});

describe('a capture made by an earlier field is visible to the later fields of the same message', () => {
  // A count byte, then that many bytes, then the count again as an integer.
  const counted = matchersOf(
    '{ struct: [{ u8: { as: n } }, { bytes: { size: "${n}", as: body } }, { u16be: "${n}" }] }',
  );
  const message = hex('03 616263 0003');

  it.each([
    ['in one piece', [message]],
    ['one byte at a time', oneByOne(message)],
    ['cut after the count', cutAt(message, [1])],
    ['cut inside the sized bytes', cutAt(message, [2, 5])],
  ])('sizes bytes and checks an integer by it, %s', (_name, chunks) => {
    expect(play(counted, chunks)).toEqual([
      { state: 'matched', consumed: 6, captures: { n: '3', body: Buffer.from('abc') } },
    ]);
  });

  it('says which field differs from the value captured before it', () => {
    expect(play(counted, oneByOne(hex('02 6162 0003')))[0]).toMatchObject({
      state: 'mismatch',
      reason: 'field 3 (u16be) at byte 3: expected 2, received 3 (0x0003)',
    });
  });
});

describe('a large message arriving in many chunks', () => {
  it('is decoded once it has all arrived, not again on every chunk', () => {
    const [m] = matchersOf('{ struct: [{ u32be: { length: rest } }, { bytes: rest }] }');
    const body = Buffer.alloc(1 << 20, 0x61);
    const message = Buffer.concat([hex('00100000'), body]);
    const input = new ChunkBuffer();
    let peeked = 0;
    const counted: StreamView = {
      get length() {
        return input.length;
      },
      get offset() {
        return input.offset;
      },
      byteAt: (i) => input.byteAt(i),
      indexOf: (b, from) => input.indexOf(b, from),
      peek: (n) => {
        const out = input.peek(n);
        peeked += out.length;
        return out;
      },
      skip: (n) => input.skip(n),
      forEachSpan: (fn, from) => input.forEachSpan(fn, from),
      spanAt: (from, into) => {
        // Read in place, not copied, but looked at all the same.
        input.spanAt(from, into);
        peeked += into.length;
        return into;
      },
    };
    const e = expectationFor(m!, new Map(), { maxUnit: 16 << 20 });
    const states: string[] = [];
    for (const chunk of cutAt(message, Array.from({ length: 16 }, (_, k) => 4 + k * 65536).slice(1))) {
      input.push(Buffer.from(chunk));
      states.push(e.advance(counted, false).state);
    }
    expect(states.at(-1)).toBe('matched');
    expect(states.slice(0, -1).every((s) => s === 'pending')).toBe(true);
    // One look at the whole message, and small looks before its length was known.
    expect(peeked).toBeLessThan(2 * message.length);
  });
});

describe('struct verdicts do not depend on how the bytes were cut', () => {
  // A PostgreSQL startup reply: AuthenticationOk, ParameterStatus messages of any number, BackendKeyData, ReadyForQuery.
  const conversation = matchersOf(
    '{ struct: [{ text: "R" }, { u32be: { length: rest, includes_self: true } }, { u32be: 0 }] }',
    '{ until: { struct: [{ text: "K" }, { u32be: 12 }, { u32be: { as: pid } }, { bytes: { size: 4, as: secret } }] }, each: { struct: [{ text: "S" }, { u32be: { length: rest, includes_self: true } }, { cstring: { as: param } }, { cstring: { match: /.*/ } }] } }',
    '{ any: [{ struct: [{ text: "E" }, { u32be: { length: rest, includes_self: true } }, { bytes: rest }] }, { struct: [{ text: "Z" }, { u32be: 5 }, { u8: { in: [0x49, 0x54, 0x45] } }] }] }',
  );
  const msg = (type: string, body: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length + 4);
    return Buffer.concat([Buffer.from(type), len, body]);
  };
  const ok = msg('R', hex('00000000'));
  const param = (k: string, v: string): Buffer => msg('S', Buffer.from(`${k}\0${v}\0`));
  const key = msg('K', hex('00003039 81ff00c3'));
  const ready = msg('Z', Buffer.from('I'));
  const streams: [string, Buffer][] = [
    ['a whole startup', Buffer.concat([ok, param('server_version', '15.4'), param('TimeZone', 'UTC'), key, ready])],
    ['no parameters at all', Buffer.concat([ok, key, ready])],
    ['an MD5 request instead of Ok', Buffer.concat([msg('R', hex('00000005 01020304')), key])],
    [
      'a parameter message whose length lies',
      Buffer.concat([ok, msg('S', Buffer.from('a\0b\0')).fill(0x20, 4, 5), key]),
    ],
    ['an error instead of ready', Buffer.concat([ok, key, msg('E', Buffer.from('SFATAL\0'))])],
    ['a stream that ends inside a message', Buffer.concat([ok, param('a', 'b')]).subarray(0, 14)],
    ['an unknown ready status', Buffer.concat([ok, key, msg('Z', Buffer.from('X'))])],
  ];

  it.each(streams)('%s: the same verdicts, messages and captures however it is cut', (_name, stream) => {
    const whole = play(conversation, [stream]);
    expect(play(conversation, oneByOne(stream))).toEqual(whole);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }), (cuts) => {
        expect(play(conversation, cutAt(stream, cuts))).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it('says why a message before the terminator fits neither until nor each', () => {
    const [, block] = conversation;
    const lying = Buffer.concat([param('a', 'b'), key]).fill(0x20, 4, 5);
    expect(play([block!], oneByOne(lying))[0]).toMatchObject({
      state: 'mismatch',
      reason:
        'message 1 of the block matches neither: as until, field 1 (text) at byte 0: expected "K", received "S" (first difference at byte 0); as each, field 2 (u32be length) at byte 1: says 28 bytes, but the fields it counts took 4',
    });
  });

  it('says what the block still waits for when the stream ends inside a message after others', () => {
    const [, block] = conversation;
    const cut = Buffer.concat([param('a', 'b'), param('c', 'd')]);
    const struct = 'a struct of 4 fields (text, u32be, cstring, cstring)';
    expect(play([block!], oneByOne(cut.subarray(0, cut.length - 3)))[0]).toMatchObject({
      state: 'ended',
      awaiting: `${struct}: field 3 (cstring), at byte 6 of the message (after 1 message of the block, 6 bytes unread)`,
    });
    expect(play([block!], oneByOne(cut.subarray(0, 9)))[0]).toMatchObject({
      state: 'ended',
      awaiting: `${struct}: field 1 (text), at byte 0 of the message (after 1 message of the block)`,
    });
  });

  it('the streams reach every outcome, so the property has teeth', () => {
    const outcomes = streams.map(([, s]) =>
      play(conversation, [s])
        .map((v) => v.state)
        .join(' '),
    );
    expect(outcomes).toEqual([
      'matched matched matched',
      'matched matched matched',
      'mismatch',
      'matched mismatch',
      'matched matched matched',
      'matched ended',
      'matched matched mismatch',
    ]);
    const [, keyData] = play(conversation, [streams[0]![1]]);
    expect(keyData!.captures).toEqual({ param: Buffer.from('TimeZone'), pid: '12345', secret: hex('81ff00c3') });
  });

  describe('a message is read in place inside its chunk, and over a copy when it runs past it', () => {
    const [, block] = conversation;
    const first = param('a', 'b');
    const second = param('server_version', '15.4');
    const stream = Buffer.concat([first, second, key]);
    const at = first.length;

    it.each([
      ['all of them in one chunk', []],
      ['the second cut at its start', [at]],
      ['the second cut after its type byte', [at + 1]],
      ['the second cut inside its first cstring', [at + 8]],
      ['the second cut into three', [at + 3, at + 12]],
    ])('%s: the same captures', (_name, cuts) => {
      expect(play([block!], cutAt(stream, cuts))).toEqual([
        {
          state: 'matched',
          consumed: stream.length,
          captures: { param: Buffer.from('server_version'), pid: '12345', secret: hex('81ff00c3') },
        },
      ]);
    });

    // The second message's length counts 2 bytes more than its fields take: decided after its last field.
    const lying = Buffer.concat([first, msg('S', Buffer.from('server_version\x0015.4\x00??')), key]);
    it.each([
      ['all of them in one chunk', []],
      ['the chunk ending inside the last field', [at + 22]],
      ['the chunk ending inside the first field', [at + 1]],
    ])('%s: the same mismatch, bytes and words', (_name, cuts) => {
      const verdicts = play([block!], cutAt(lying, cuts));
      expect(verdicts).toEqual(play([block!], [lying]));
      expect(verdicts[0]).toMatchObject({
        state: 'mismatch',
        consumed: at,
        received: quoteBytes(lying.subarray(at, at + 25), Infinity),
      });
      expect(verdicts[0]!.reason).toMatch(
        /; as each, field 2 \(u32be length\) at byte 1: says 22 bytes, but the fields it counts took 20$/,
      );
    });

    it('shows no byte past the limit, though the chunk holds more', () => {
      const limit = at + 12;
      expect(play([block!], [stream], limit)).toEqual(play([block!], oneByOne(stream), limit));
      expect(play([block!], [stream], limit)[0]).toMatchObject({ state: 'overflow' });
    });
  });

  it('never passes on part of a message: every proper prefix of a whole one waits or fails', () => {
    const [first] = conversation;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ok.length - 1 }), (n) => {
        expect(play([first!], [ok.subarray(0, n)])[0]!.state).toBe('ended');
      }),
    );
  });
});
