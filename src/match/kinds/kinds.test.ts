/**
 * Each matcher kind, one table per kind: how it is read (and rejected), how
 * it is described, how it judges a single line, how it plays over a stream
 * and what it captures. The table is typed by the Matcher kinds, so a new
 * kind without its table fails to compile.
 */
import type { Matcher } from '../../spec/types';
import { describeMatcher, judgeUnit, matcherCaptures, MATCHER_KINDS } from '../registry';
import { bytesOf, loadProblem, matchersOf, play } from '../__tests__/play';
import type { Verdict } from '../__tests__/play';

interface KindCases {
  /** YAML read as this kind (the `kind` is checked), with other fields it must have. */
  readonly reads: readonly [string, object][];
  /** YAML rejected, with the problem at its position (column within line 4 of the test spec). */
  readonly rejects: readonly [string, string][];
  readonly describes: readonly [string, string][];
  /** A matcher judging one complete line: [yaml, line, satisfied]. */
  readonly lines: readonly [string, string, boolean][];
  /** Played over a stream (with `vars: { who: world }`). */
  readonly plays: readonly [string, string | Buffer, Partial<Verdict>][];
  readonly captures: readonly [string, string[]][];
}

const none: readonly never[] = [];

const table: { readonly [K in Matcher['kind']]: KindCases } = {
  text: {
    reads: [
      ['"hi ${who}"', { text: { source: 'hi ${who}' } }],
      ['{ text: eof }', { text: { source: 'eof' } }],
      ['"/usr/local"', { text: { source: '/usr/local' } }],
    ],
    rejects: [
      ['{ text: [a] }', 'specs/m.yaml:4:21: text: expects a string, found a list'],
      ['"${1x}"', 'specs/m.yaml:4:13: "${1x}" is not a variable name (letters, digits, _)'],
      ['12', 'specs/m.yaml:4:13: expect: found number 12; quote it to expect it as text ("12")'],
    ],
    describes: [['"hi ${who}\\r\\n"', '"hi world\\r\\n"']],
    lines: [
      ['"250 ok"', '250 ok\r\n', true],
      ['"250 ok\\r\\n"', '250 ok\r\n', true],
      ['"250 ok"', '250 no\r\n', false],
    ],
    plays: [
      ['"hi ${who}\\r\\n"', 'hi world\r\n', { state: 'matched', consumed: 10 }],
      ['"hello"', 'helpless', { state: 'mismatch', offset: 3, received: '"help"' }],
      ['"hello"', 'hel', { state: 'ended' }],
    ],
    captures: [['"x"', []]],
  },
  hex: {
    reads: [['{ hex: "0a FF 00" }', { bytes: Buffer.from([0x0a, 0xff, 0]) }]],
    rejects: [
      ['{ hex: "0g" }', 'specs/m.yaml:4:20: hex: "g" is not a hex digit (expected 0-9, a-f; whitespace is ignored)'],
      ['{ hex: "abc" }', 'specs/m.yaml:4:20: hex: odd number of hex digits (3); every byte takes two'],
    ],
    describes: [['{ hex: "00ff" }', 'hex 00 ff']],
    lines: [
      ['{ hex: "2e" }', '.\r\n', true],
      ['{ hex: "2e" }', ',\r\n', false],
    ],
    plays: [
      ['{ hex: "00 ff" }', Buffer.from([0, 0xff]), { state: 'matched', consumed: 2 }],
      ['{ hex: "00 ff" }', Buffer.from([0, 0xfe]), { state: 'mismatch', offset: 1 }],
    ],
    captures: [['{ hex: "00" }', []]],
  },
  repeat: {
    reads: [['{ repeat: "ab", times: 3 }', { times: 3, text: { source: 'ab' } }]],
    rejects: [
      ['{ repeat: "ab" }', 'specs/m.yaml:4:15: expect repeat: needs "times: N" beside it'],
      ['{ repeat: "ab", times: 0 }', 'specs/m.yaml:4:36: times must be a whole number of at least 1, found number 0'],
      [
        '{ until: { repeat: "a", times: 2 } }',
        'specs/m.yaml:4:22: repeat cannot stand inside until, each or a frame payload',
      ],
    ],
    describes: [['{ repeat: "ab", times: 3 }', '"ab" × 3']],
    lines: [],
    plays: [
      ['{ repeat: "ab", times: 3 }', 'ababab', { state: 'matched', consumed: 6 }],
      ['{ repeat: "ab", times: 3 }', 'ababba', { state: 'mismatch', offset: 4 }],
    ],
    captures: [['{ repeat: "a", times: 2 }', []]],
  },
  regex: {
    reads: [['/a+/i', { regex: { flags: 'i', groups: [] } }]],
    rejects: [
      ['/a(/', 'specs/m.yaml:4:13: invalid regex /a(/: Unterminated group'],
      [
        '/a/g',
        'specs/m.yaml:4:13: regex flag "g" is not allowed (a matcher always matches one whole line, so g and y do not apply); expected any of: d, i, m, s, u, v',
      ],
    ],
    describes: [['/hi ${who}./', 'a line matching /hi world./']],
    lines: [
      ['/2\\d\\d .*/', '250 ok\r\n', true],
      ['/25/', '250\r\n', false],
    ],
    plays: [
      ['/2\\d\\d (?<rest>.*)/', '250 ok\r\n', { state: 'matched', consumed: 8, captures: { rest: 'ok' } }],
      ['/25/', '250 ok\n', { state: 'mismatch', received: '"250 ok\\n"' }],
      ['/.*/', '250 ok', { state: 'ended' }],
    ],
    captures: [['/(?<a>x)(?<b>y)/', ['a', 'b']]],
  },
  bytes: {
    reads: [['{ bytes: 13, match: /Hallo.*/, as: reply }', { count: 13, as: 'reply' }]],
    rejects: [
      ['{ bytes: -1 }', 'specs/m.yaml:4:22: bytes must be a whole number of at least 0, found number -1'],
      [
        '{ bytes: 2, as: 1x }',
        'specs/m.yaml:4:29: as: expects a variable name (letters, digits, _), found the string "1x"',
      ],
      ['{ bytes: 2, match: 5 }', 'specs/m.yaml:4:32: match: expects a /regex/, found number 5'],
    ],
    describes: [['{ bytes: 13, match: /Hallo .*!/ }', '13 bytes matching /Hallo .*!/']],
    lines: [
      ['{ bytes: 3 }', 'abc\r\n', true],
      ['{ bytes: 3 }', 'abcd\r\n', false],
    ],
    plays: [
      [
        '{ bytes: 13, match: /Hallo .*!/, as: reply }',
        'Hallo Client!',
        { captures: { reply: Buffer.from('Hallo Client!') } },
      ],
      ['{ bytes: 5, match: /\\d+/ }', 'abcde', { state: 'mismatch', received: '"abcde"' }],
      ['{ bytes: 5 }', 'abc', { state: 'ended' }],
    ],
    captures: [['{ bytes: 3, match: /(?<a>.)../, as: b }', ['a', 'b']]],
  },
  struct: {
    reads: [
      [
        '{ struct: [{ text: "R" }, { u32be: { length: rest, includes_self: true } }, { u32be: 0 }] }',
        {
          fields: [
            { kind: 'text', type: 'text' },
            { kind: 'number', type: 'u32be', length: { counts: 'rest', includesSelf: true, adjust: 0 } },
            { kind: 'number', type: 'u32be', value: 0n },
          ],
        },
      ],
      ['{ struct: [{ u64be: 18446744073709551615 }] }', { fields: [{ value: 18446744073709551615n }] }],
    ],
    rejects: [
      [
        '{ struct: [{ u32: 1 }] }',
        'specs/m.yaml:4:26: struct field 1: unknown field type "u32" (did you mean "u32be"?); expected one of: u8, i8, u16be, u16le, i16be, i16le, u24be, u24le, u32be, u32le, i32be, i32le, u64be, u64le, i64be, i64le, varint, ber_length, text, cstring, hex, bytes, struct (plus name)',
      ],
      ['{ struct: [{ u8: 300 }] }', 'specs/m.yaml:4:30: struct field 1 (u8): 300 does not fit a u8 (0 to 255)'],
      [
        '{ struct: [{ u8: { length: body } }, { name: data, bytes: 2 }] }',
        'specs/m.yaml:4:40: length: "body" names no field of this struct; expected rest, next or the name: of a later field',
      ],
      [
        '{ struct: [{ name: a, u8: 1 }, { u8: { length: a } }] }',
        'specs/m.yaml:4:60: length: "a" counts backwards: field 1 comes before this length field; a length counts fields after it',
      ],
      [
        '{ struct: [{ bytes: rest }] }',
        'specs/m.yaml:4:33: struct field 1 (bytes): has no size here: rest means what an enclosing length leaves, and no length bounds this field; give { size: N } or put it after a length ({ length: rest })',
      ],
      [
        '{ struct: [{ u16be: { mask: 0x8000 } }] }',
        'specs/m.yaml:4:35: struct field 1 (u16be): mask needs equals beside it ({ mask: 0x800f, equals: 0x8000 })',
      ],
    ],
    describes: [['{ struct: [{ text: "R" }, { name: len, u32be: 8 }] }', 'a struct of 2 fields (text, len)']],
    lines: [
      ['{ struct: [{ text: "ab" }, { u8: 0x0d }, { u8: 0x0a }] }', 'ab\r\n', true],
      ['{ struct: [{ text: "ab" }, { u8: 0x0d }, { u8: 0x0a }] }', 'ac\r\n', false],
    ],
    plays: [
      [
        '{ struct: [{ text: "R" }, { u32be: { length: rest, includes_self: true } }, { u32be: 0 }] }',
        Buffer.from('R\x00\x00\x00\x08\x00\x00\x00\x00', 'latin1'),
        { state: 'matched', consumed: 9 },
      ],
      [
        '{ struct: [{ text: "R" }, { u32be: { length: rest, includes_self: true } }, { u32be: 0 }] }',
        Buffer.from('R\x00\x00\x00\x0c\x00\x00\x00\x05salt', 'latin1'),
        { state: 'mismatch', offset: 5, reason: 'field 3 (u32be) at byte 5: expected 0, received 5 (0x00000005)' },
      ],
      [
        '{ struct: [{ text: "R" }, { u32be: { length: rest, includes_self: true } }, { u32be: 0 }] }',
        Buffer.from('R\x00\x00\x00\x07\x00\x00\x00\x00', 'latin1'),
        {
          state: 'mismatch',
          reason: 'field 3 (u32be) at byte 5: needs 4 bytes, but the length in field 2 (u32be length) leaves 3',
        },
      ],
      ['{ struct: [{ text: "R" }, { u32be: 8 }] }', 'E\x00\x00', { state: 'mismatch', offset: 0, received: '"E"' }],
      ['{ struct: [{ text: "R" }, { u32be: 8 }] }', 'R\x00\x00', { state: 'ended' }],
      [
        '{ struct: [{ u8: 4 }, { bytes: { size: 4, as: sid } }] }',
        Buffer.from([4, 0x81, 0xff, 0x00, 0xc3]),
        { state: 'matched', captures: { sid: Buffer.from([0x81, 0xff, 0x00, 0xc3]) } },
      ],
    ],
    captures: [['{ struct: [{ u32be: { as: pid } }, { cstring: { as: name } }] }', ['pid', 'name']]],
  },
  until: {
    reads: [['{ until: /250 .*/, each: /250-.*/ }', { until: { kind: 'regex' }, each: { kind: 'regex' } }]],
    rejects: [
      [
        '{ until: { frame: u8 } }',
        'specs/m.yaml:4:22: until over a binary message needs each: beside it, saying what the messages before it are (each: { struct: [...] }); a message has no line end to skip to',
      ],
      [
        '{ until: { frame: u8 }, each: /x/ }',
        'specs/m.yaml:4:43: until and each must both read lines or both read binary messages (struct, frame); here until reads a message and each a line',
      ],
      ['{ until: ".", payload: "x" }', 'specs/m.yaml:4:27: "payload" does not go with "until"; until takes each'],
    ],
    describes: [['{ until: ".", each: /\\d+/ }', 'lines until ".", each a line matching /\\d+/']],
    lines: [],
    plays: [
      ['{ until: /250 .*/, each: /250-.*/ }', '250-a\r\n250 done\r\n', { state: 'matched', consumed: 17 }],
      [
        '{ until: /250 .*/, each: /250-.*/ }',
        '250-a\r\n500 no\r\n',
        { state: 'mismatch', reason: 'line 2 of the block matches neither' },
      ],
      ['{ until: "." }', 'a\r\nb\r\n', { state: 'ended' }],
    ],
    captures: [['{ until: /END (?<n>\\d+)/, each: /(?<last>.*)/ }', ['n', 'last']]],
  },
  frame: {
    reads: [['{ frame: u16be, payload: "hi" }', { header: 'u16be', payload: { kind: 'text' } }]],
    rejects: [
      [
        '{ frame: u16 }',
        'specs/m.yaml:4:22: frame: expects a length header, one of u8, u16be, u16le, u32be, u32le; found the string "u16" (did you mean "u16be"?)',
      ],
      [
        '{ frame: u8, payload: eof }',
        'specs/m.yaml:4:35: eof cannot stand inside until, each or a frame payload; write { text: eof } for the text "eof"',
      ],
    ],
    describes: [['{ frame: u8, payload: "hi" }', 'a u8-length frame whose payload is "hi"']],
    lines: [
      ['{ frame: u8, payload: "hi" }', '\u0002hi', true],
      ['{ frame: u8, payload: "hi" }', '\u0003hi', false],
    ],
    plays: [
      ['{ frame: u16be, payload: "hi" }', '\u0000\u0002hi', { state: 'matched', consumed: 4 }],
      ['{ frame: u8, payload: "hi" }', '\u0002ho', { state: 'mismatch', offset: 2 }],
      ['{ frame: u8 }', '\u0005abc', { state: 'ended' }],
    ],
    captures: [['{ frame: u8, payload: /(?<body>.*)/ }', ['body']]],
  },
  eof: {
    reads: [['eof', {}]],
    rejects: [
      [
        '{ until: eof }',
        'specs/m.yaml:4:22: eof cannot stand inside until, each or a frame payload; write { text: eof } for the text "eof"',
      ],
    ],
    describes: [['eof', 'end of stream']],
    lines: [],
    plays: [
      ['eof', '', { state: 'matched', consumed: 0 }],
      [
        'eof',
        'x',
        { state: 'mismatch', received: '"x"', reason: 'bytes arrived where the other side should have closed' },
      ],
    ],
    captures: [['eof', []]],
  },
  any: {
    reads: [['{ any: ["+OK", eof] }', { alternatives: [{ kind: 'text' }, { kind: 'eof' }], loc: { line: 4 } }]],
    rejects: [['{ any: [] }', 'specs/m.yaml:4:20: any: the list is empty; give the matchers to try, in order']],
    describes: [['{ any: ["+OK", eof] }', 'any of (1) "+OK", (2) end of stream']],
    lines: [
      ['{ any: [".", /\\d+/] }', '42\r\n', true],
      ['{ any: [".", /\\d+/] }', 'x\r\n', false],
    ],
    plays: [
      ['{ any: ["+OK\\r\\n", /-ERR (?<why>.*)/] }', '-ERR no\r\n', { state: 'matched', captures: { why: 'no' } }],
      ['{ any: ["+OK", "-ERR"] }', '+NO', { state: 'mismatch', received: '"+N"' }],
    ],
    captures: [['{ any: [/(?<a>.)/, /(?<a>.)(?<b>.)/] }', ['a', 'b']]],
  },
};

/** The matcher standing as `until` in `{ until: yaml }`: read where a line is judged. */
function lineMatcher(yaml: string): Matcher {
  // `each` beside it, so a binary kind (which needs one) reads as well as a line kind.
  const [m] = matchersOf(`{ until: ${yaml}, each: ${yaml} }`);
  if (m?.kind !== 'until') throw new Error('not an until');
  return m.until;
}

const vars = new Map([['who', 'world']]);

describe.each(Object.entries(table))('the %s matcher', (kind, cases) => {
  it('has a registry entry', () => {
    expect(Object.keys(MATCHER_KINDS)).toContain(kind);
  });

  it.each(cases.reads)('reads %s', (yaml, shape) => {
    expect(matchersOf(yaml)[0]).toMatchObject({ kind, ...shape });
  });

  it.each(cases.rejects)('rejects %s at its position', (yaml, problem) => {
    expect(loadProblem(yaml)).toBe(problem);
  });

  it.each(cases.describes)('describes %s as %s', (yaml, words) => {
    expect(describeMatcher(matchersOf(yaml)[0]!, vars)).toBe(words);
  });

  if (MATCHER_KINDS[kind as Matcher['kind']].judgeUnit) {
    it.each(cases.lines)('judges %s on the line %j: %s', (yaml, line, ok) => {
      expect(judgeUnit(lineMatcher(yaml), bytesOf(line), true, vars).ok).toBe(ok);
    });
    it('has both a satisfied and an unsatisfied line', () => {
      expect(new Set(cases.lines.map(([, , ok]) => ok))).toEqual(new Set([true, false]));
    });
  } else {
    it('judges no single line, so it has no line cases', () => {
      expect(cases.lines).toEqual(none);
    });
  }

  it.each(cases.plays)('plays %s over %j', (yaml, stream, verdict) => {
    const bytes = typeof stream === 'string' ? bytesOf(stream) : stream;
    expect(play(matchersOf(yaml), [bytes])[0]).toMatchObject(verdict);
  });

  it.each(cases.captures)('%s captures %j', (yaml, names) => {
    expect(matcherCaptures(matchersOf(yaml)[0]!)).toEqual(names);
  });
});
