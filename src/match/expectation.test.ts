import fc from 'fast-check';
import { ChunkBuffer } from '../stream/chunk-buffer';
import { expectationFor } from './expectation';
import { bytesOf, cutAt, matchersOf, oneByOne, play } from './__tests__/play';
import type { Verdict } from './__tests__/play';

describe('each matcher form', () => {
  it.each<[string, string[], string, Partial<Verdict>]>([
    ['exact text', ['"hello\\r\\n"'], 'hello\r\n', { state: 'matched' }],
    ['text with a variable', ['"hi ${who}"'], 'hi world', { state: 'matched' }],
    [
      'a regex over one line, without its ending',
      ['/2\\d\\d (?<rest>.*)/'],
      '250 ok\r\n',
      { state: 'matched', captures: { rest: 'ok' } },
    ],
    ['a regex that must match the whole line', ['/25/'], '250 ok\n', { state: 'mismatch' }],
    ['a regex with flags', ['/HELLO/i'], 'hello\n', { state: 'matched' }],
    ['hex bytes', ['{ hex: "00 c3 bf 0d 0a" }'], '\u0000\u00ff\r\n', { state: 'matched' }],
    // ÿ arrives as its UTF-8 bytes c3 bf, so a wanted ff differs at byte 1.
    ['hex bytes that differ', ['{ hex: "00 ff" }'], '\u0000\u00ff', { state: 'mismatch', offset: 1 }],
    [
      'N bytes with match and as',
      ['{ bytes: 13, match: /Hallo .*!/, as: reply }'],
      'Hallo Client!',
      { state: 'matched', captures: { reply: Buffer.from('Hallo Client!') } },
    ],
    ['N bytes that do not match', ['{ bytes: 5, match: /\\d+/ }'], 'abcde', { state: 'mismatch' }],
    [
      'until with each',
      ['{ until: /250 .*/, each: /250-.*/ }'],
      '250-a\r\n250-b\r\n250 done\r\n',
      { state: 'matched' },
    ],
    [
      'until where a line fails each',
      ['{ until: /250 .*/, each: /250-.*/ }'],
      '250-a\r\n500 no\r\n250 done\r\n',
      { state: 'mismatch' },
    ],
    ['until with a text line', ['{ until: ".", each: /.*/ }'], 'a\r\nb\r\n.\r\n', { state: 'matched' }],
    [
      'until keeping what each line captured',
      ['{ until: /END (?<count>\\d+)/, each: /item (?<last>\\w+)/ }'],
      'item a\nitem b\nEND 2\n',
      { state: 'matched', captures: { last: 'b', count: '2' } },
    ],
    ['a u16be frame with a payload', ['{ frame: u16be, payload: "hi" }'], '\u0000\u0002hi', { state: 'matched' }],
    [
      'a u8 frame whose payload differs',
      ['{ frame: u8, payload: "hi" }'],
      '\u0002ho',
      { state: 'mismatch', offset: 2 },
    ],
    ['a repeat', ['{ repeat: "ab", times: 3 }'], 'ababab', { state: 'matched' }],
    ['eof after nothing', ['eof'], '', { state: 'matched' }],
    ['eof with bytes still unread', ['eof'], 'x', { state: 'mismatch' }],
    ['text when the stream ends first', ['"hello"'], 'hel', { state: 'ended' }],
  ])('%s', (_name, ms, stream, verdict) => {
    const got = play(matchersOf(...ms), [bytesOf(stream)]);
    expect(got[got.length - 1]).toMatchObject(verdict);
  });

  it('reads u32le and u16le headers in their byte order', () => {
    expect(
      play(matchersOf('{ frame: u32le, payload: "abc" }'), [Uint8Array.of(3, 0, 0, 0, 97, 98, 99)])[0]!.state,
    ).toBe('matched');
    expect(play(matchersOf('{ frame: u16le }'), [Uint8Array.of(1, 0, 120)])[0]!.state).toBe('matched');
  });

  it('reports the first differing byte of an exact text', () => {
    const [v] = play(matchersOf('"+PONG\\r\\n"'), [bytesOf("-ERR unknown command 'PNG'\r\n")]);
    expect(v).toMatchObject({ state: 'mismatch', offset: 0 });
  });

  it('fails an exact text at the first differing byte without waiting for the rest', () => {
    // Only "+PO" and then "X" have arrived; the stream has not ended, yet the verdict is final.
    const input = new ChunkBuffer();
    input.push(Buffer.from('+POX'));
    const p = expectationFor(matchersOf('"+PONG\\r\\n"')[0]!, new Map()).advance(input, false);
    expect(p).toMatchObject({ state: 'mismatch', offset: 3 });
  });

  it('never passes on a partial line', () => {
    const input = new ChunkBuffer();
    input.push(Buffer.from('250 ok'));
    expect(expectationFor(matchersOf('/250 .*/')[0]!, new Map()).advance(input, false).state).toBe('pending');
  });

  it('fails a line longer than the unit limit instead of buffering it', () => {
    const [v] = play(matchersOf('/.*/'), [new Uint8Array(2048).fill(0x41)], 1024);
    expect(v!.state).toBe('overflow');
  });

  it('consumes a huge repeat as it arrives, holding no more than what is unread', () => {
    const input = new ChunkBuffer();
    const e = expectationFor(matchersOf('{ repeat: "0123456789", times: 100000 }')[0]!, new Map());
    const block = Buffer.from('0123456789'.repeat(1000));
    for (let i = 0; i < 100; i++) {
      input.push(block);
      expect(e.advance(input, false).state).toBe(i === 99 ? 'matched' : 'pending');
      expect(input.length).toBe(0);
    }
  });

  it('reports the offset of a difference deep inside a repeat', () => {
    const stream = Buffer.from('ab'.repeat(5000));
    stream[7001] = 0x7a;
    const [v] = play(matchersOf('{ repeat: "ab", times: 5000 }'), [stream.subarray(0, 4000), stream.subarray(4000)]);
    expect(v).toMatchObject({ state: 'mismatch', offset: 7001 });
  });
});

describe('verdicts do not depend on how the bytes were split', () => {
  const conversation = matchersOf(
    '/220 (?<host>\\S+) ESMTP.*/',
    '{ until: /250 .*/, each: /250-.*/ }',
    '{ frame: u16be, payload: /caf\u00e9 (?<n>\\d+)/ }',
    '{ bytes: 4, as: tail }',
    '"bye ${who}\\n"',
    'eof',
  );
  const frame = Buffer.concat([Buffer.from([0, 8]), Buffer.from('café 42')]);
  const streams = [
    Buffer.concat([
      Buffer.from('220 mx.test ESMTP ready\r\n250-SIZE 10\r\n250-8BITMIME\r\n250 OK\r\n'),
      frame,
      Buffer.from('WXYZbye world\n'),
    ]),
    // A wrong reply at several depths, so mismatches are covered as well as passes.
    Buffer.from('220 mx.test ESMTP ready\r\n250-SIZE\r\n550 no\r\n'),
    Buffer.concat([Buffer.from('220 mx ESMTP\r\n250 OK\r\n'), frame, Buffer.from('WXYZbye wor')]),
    Buffer.concat([Buffer.from('220 mx ESMTP\r\n250 OK\r\n'), frame, Buffer.from('WXYZbye world\nextra')]),
  ];

  it.each(streams.map((s, i) => [i, s] as const))(
    'stream %i gives the same verdicts however it is cut',
    (_i, stream) => {
      const whole = play(conversation, [stream]);
      expect(play(conversation, oneByOne(stream))).toEqual(whole);
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }), (cuts) => {
          expect(play(conversation, cutAt(stream, cuts))).toEqual(whole);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('the full conversation really passes whole, so the property checks a passing run too', () => {
    expect(play(conversation, [streams[0]!]).map((v) => v.state)).toEqual([
      'matched',
      'matched',
      'matched',
      'matched',
      'matched',
      'matched',
    ]);
    expect(play(conversation, [streams[0]!])[2]!.captures).toEqual({ n: '42' });
  });
});

describe('verdicts of any: do not depend on how the bytes were split either', () => {
  const conversation = matchersOf(
    '{ any: [/220 (?<host>\\S+) ESMTP.*/, /220-(?<host>\\S+) .*/, /554 (?<why>.*)/] }',
    '{ any: [{ until: /250 .*/, each: /250-.*/ }, /5\\d\\d (?<why>.*)/] }',
    '{ any: [{ frame: u16be, payload: "nope" }, { frame: u16be, payload: /caf\u00e9 (?<n>\\d+)/ }] }',
    '{ any: ["WXYZbye world", "WXYZbye", { bytes: 4, as: tail }] }',
    '{ any: ["\\n", eof] }',
    'eof',
  );
  const frame = Buffer.concat([Buffer.from([0, 8]), Buffer.from('café 42')]);
  const head = '220 mx.test ESMTP ready\r\n250-SIZE 10\r\n250 OK\r\n';
  const streams: [string, Buffer][] = [
    ['the first alternative every time', Buffer.concat([Buffer.from(head), frame, Buffer.from('WXYZbye world\n')])],
    [
      'a pending first alternative that fails, so the second wins',
      Buffer.concat([Buffer.from(head), frame, Buffer.from('WXYZbye\n')]),
    ],
    [
      'later alternatives winning',
      Buffer.concat([Buffer.from('220-mx hi\r\n550 busy\r\n'), frame, Buffer.from('WXYZ')]),
    ],
    ['every alternative failing', Buffer.concat([Buffer.from(head), Buffer.from([0, 3]), Buffer.from('abc')])],
    ['the stream ending inside every alternative', Buffer.from('220 mx.te')],
    ['the stream ending inside one, another failing', Buffer.from('220 mx.test ESMTP ready\r\n250-SIZE 10\r\n250')],
    ['bytes where eof was expected', Buffer.concat([Buffer.from(head), frame, Buffer.from('WXYZbye worldXtra')])],
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

  it('the streams reach every outcome, so the property has teeth', () => {
    const outcomes = streams.map(([, s]) =>
      play(conversation, [s])
        .map((v) => v.state)
        .join(' '),
    );
    expect(outcomes).toEqual([
      'matched matched matched matched matched matched',
      'matched matched matched matched matched matched',
      'matched matched matched matched matched matched',
      'matched matched mismatch',
      'ended',
      'matched mismatch',
      'matched matched matched matched mismatch',
    ]);
    expect(play(conversation, [streams[2]![1]])[1]!.captures).toEqual({ why: 'busy' });
    expect(play(conversation, [streams[3]![1]])[2]!.reason).toBe(
      'every alternative failed: (1) first difference at byte 2 (the 3-byte payload does not match); (2) received "\\x00\\x03abc" (the 3-byte payload does not match)',
    );
  });
});
