import fc from 'fast-check';
import { ChunkBuffer } from '../../stream/chunk-buffer';
import { expectationFor } from '../expectation';
import { describeMatcher, judgeUnit, matcherCaptures } from '../registry';
import { bytesOf, cutAt, loadProblem, matchersOf, oneByOne, play, specOf } from '../__tests__/play';

describe('any: the first alternative satisfied wins', () => {
  it.each<[string, string[], string, object[]]>([
    [
      'the first of two that both match wins, with its own captures',
      ['{ any: [/(?<first>\\+OK)/, /(?<second>.*)/] }'],
      '+OK\r\n',
      [{ state: 'matched', consumed: 5, captures: { first: '+OK' } }],
    ],
    [
      'a later one wins once every earlier one has failed',
      ['{ any: ["+OK\\r\\n", /-ERR (?<why>.*)/] }'],
      '-ERR no such key\r\n',
      [{ state: 'matched', consumed: 18, captures: { why: 'no such key' } }],
    ],
    [
      'the winner consumes only what it matched, and the next step reads on from there',
      ['{ any: ["hello world", "hello"] }', '"!"'],
      'hello!',
      [
        { state: 'matched', consumed: 5 },
        { state: 'matched', consumed: 6 },
      ],
    ],
    [
      'an earlier one that fails at eof lets a later satisfied one win',
      ['{ any: [{ until: "END" }, /(?<line>.*)/] }'],
      'a\r\nb\r\n',
      [{ state: 'matched', consumed: 3, captures: { line: 'a' } }],
    ],
    ['eof may be an alternative', ['{ any: ["+OK\\r\\n", eof] }'], '', [{ state: 'matched', consumed: 0 }]],
    [
      'alternatives may be any kind, frames and nested any included',
      [
        '{ any: [{ frame: u8, payload: "no" }, { any: [{ hex: "ff" }, { frame: u8, payload: { any: ["x", "hi"] } }] }] }',
      ],
      '\u0002hi',
      [{ state: 'matched', consumed: 3 }],
    ],
    [
      'until may take any alternative as its end line or for each line',
      ['{ until: { any: [".", "END"] }, each: { any: [/250-(?<a>.*)/, /220-(?<b>.*)/] } }'],
      '250-x\r\n220-y\r\nEND\r\n',
      [{ state: 'matched', consumed: 19, captures: { a: 'x', b: 'y' } }],
    ],
  ])('%s', (_name, ms, stream, verdicts) => {
    expect(play(matchersOf(...ms), [bytesOf(stream)])).toMatchObject(verdicts);
  });

  it('does not let a later satisfied alternative win while an earlier one could still be satisfied', () => {
    const input = new ChunkBuffer();
    const e = expectationFor(matchersOf('{ any: ["hello world", "hello"] }')[0]!, new Map());
    input.push(bytesOf('hello'));
    expect(e.advance(input, false)).toEqual({ state: 'pending' });
    expect(input.length).toBe(5);
    input.push(bytesOf(' world'));
    expect(e.advance(input, false)).toEqual({ state: 'matched', captures: {} });
    expect(input.length).toBe(0);
  });

  it('lets the later one win as soon as the earlier one is certain to fail', () => {
    const input = new ChunkBuffer();
    const e = expectationFor(matchersOf('{ any: ["hello world", "hello"] }')[0]!, new Map());
    input.push(bytesOf('hello w'));
    expect(e.advance(input, false).state).toBe('pending');
    input.push(bytesOf('ide'));
    expect(e.advance(input, false)).toEqual({ state: 'matched', captures: {} });
    expect(input.peek(10).toString()).toBe(' wide');
  });

  it('waits the step timeout out while the first alternative is undecided, saying what it waits for', () => {
    const input = new ChunkBuffer();
    const e = expectationFor(matchersOf('{ any: ["+OK\\r\\n", /-ERR .*/] }')[0]!, new Map());
    input.push(bytesOf('-ER'));
    expect(e.advance(input, false).state).toBe('pending');
    expect(e.awaiting(input)).toBe(
      'any of (1) "+OK\\r\\n", (2) a line matching /-ERR .*/ [(1) first difference at byte 0; (2) waiting for a line matching /-ERR .*/ (3 bytes of it so far, no line ending yet)]',
    );
  });
});

describe('any: failing', () => {
  it('fails only when every alternative has failed, giving each one its own reason', () => {
    const [v] = play(matchersOf('{ any: ["+OK\\r\\n", /-ERR .*/, eof] }'), [bytesOf('+NO\r\n')]);
    expect(v).toEqual({
      state: 'mismatch',
      consumed: 0,
      expected: 'any of (1) "+OK\\r\\n", (2) a line matching /-ERR .*/, (3) end of stream',
      received: '"+NO\\r\\n"',
      reason:
        'every alternative failed: (1) first difference at byte 1; (2) received "+NO\\r\\n"; (3) first difference at byte 0 (bytes arrived where the other side should have closed)',
    });
  });

  it('names the line of an until block that failed in its reason', () => {
    const [v] = play(matchersOf('{ any: [{ until: /250 .*/, each: /250-.*/ }, "5"] }'), [
      bytesOf('250-a\r\n550 no\r\n'),
    ]);
    expect(v!.reason).toBe(
      'every alternative failed: (1) received "550 no\\r\\n" (line 2 of the block matches neither); (2) first difference at byte 0',
    );
  });

  it('fails every undecided alternative at eof, and ends the step when all ended', () => {
    const [v] = play(matchersOf('{ any: ["hello world", "hello there"] }'), [bytesOf('hello')]);
    expect(v).toEqual({
      state: 'ended',
      consumed: 0,
      awaiting: 'any of (1) "hello world", (2) "hello there" [(1) the stream ended first; (2) the stream ended first]',
    });
  });

  it('is a mismatch listing the ended ones too when some failed on the bytes', () => {
    const [v] = play(matchersOf('{ any: ["hello world", "help"] }'), [bytesOf('hello')]);
    expect(v).toMatchObject({
      state: 'mismatch',
      reason: 'every alternative failed: (1) the stream ended first; (2) first difference at byte 3',
      received: '"hello"',
    });
  });

  it('overflows instead of holding more than one unit undecided', () => {
    const [v] = play(matchersOf('{ any: [{ bytes: 100 }, "x"] }'), [new Uint8Array(50)], 10);
    expect(v).toEqual({ state: 'overflow', consumed: 0 });
  });

  it('still streams an alternative that decides within the unit limit', () => {
    expect(play(matchersOf('{ any: [{ bytes: 8 }, "x"] }'), oneByOne(new Uint8Array(8)), 10)).toEqual([
      { state: 'matched', consumed: 8, captures: {} },
    ]);
  });
});

describe('any: the verdict does not depend on how the bytes were split', () => {
  const cases: [string, string[], string][] = [
    ['a later winner', ['{ any: ["+OK\\r\\n", /-ERR (?<why>.*)/] }', '"."'], '-ERR busy\r\n.'],
    ['a pending earlier one that wins', ['{ any: ["hello world", "hello"] }'], 'hello world'],
    ['a pending earlier one that fails', ['{ any: ["hello world", "hello"] }', '"!"'], 'hello!'],
    ['every one failing', ['{ any: ["+OK\\r\\n", /-ERR .*/, eof] }'], '+NO\r\nmore bytes after it'],
    ['an until block', ['{ any: [{ until: "." , each: /\\d+/ }, /(?<l>.*)/] }'], '1\r\n2\r\nx\r\n.\r\n'],
  ];
  it.each(cases)('%s: byte by byte and cut anywhere give the verdicts of the whole', (_name, ms, s) => {
    const matchers = matchersOf(...ms);
    const stream = bytesOf(s);
    const whole = play(matchers, [stream]);
    expect(play(matchers, oneByOne(stream))).toEqual(whole);
    for (let cut = 1; cut < stream.length; cut++) expect(play(matchers, cutAt(stream, [cut]))).toEqual(whole);
  });
});

describe('any: over arbitrary streams', () => {
  const conversation = matchersOf(
    '{ any: ["ab\\n", /a+(?<bs>b*)/, { bytes: 2, as: two }, eof] }',
    '{ any: [{ until: "b", each: /a*/ }, "aab", { any: [{ hex: "0a" }, "ba"] }] }',
    '{ any: ["a", eof] }',
    'eof',
  );
  it('gives the same verdicts, messages and captures for any bytes, however cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', '\n'), { maxLength: 16 }).map((cs) => bytesOf(cs.join(''))),
        fc.array(fc.integer({ min: 1, max: 15 }), { maxLength: 6 }),
        (stream, cuts) => {
          const inside = [...new Set(cuts.filter((c) => c < stream.length))];
          expect(play(conversation, cutAt(stream, inside))).toEqual(play(conversation, [stream]));
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('any: reading it', () => {
  it.each([
    ['an empty list', '{ any: [] }', 'specs/m.yaml:4:20: any: the list is empty; give the matchers to try, in order'],
    [
      'a value that is not a list',
      '{ any: "+OK" }',
      'specs/m.yaml:4:20: any: expects a list of matchers, such as [ "+OK\\r\\n", /-ERR .*/ ]; found the string "+OK"',
    ],
    [
      'a bad alternative, at its own position',
      '{ any: ["ok", { hex: zz }] }',
      'specs/m.yaml:4:34: hex: "z" is not a hex digit (expected 0-9, a-f; whitespace is ignored)',
    ],
    [
      'an alternative that cannot stand inside until',
      '{ until: { any: [".", eof] } }',
      'specs/m.yaml:4:35: eof cannot stand inside until, each or a frame payload; write { text: eof } for the text "eof"',
    ],
    [
      'a key beside any',
      '{ any: ["a"], each: "b" }',
      'specs/m.yaml:4:27: "each" does not go with "any"; any takes nothing else',
    ],
  ])('rejects %s with FILE:LINE:COLUMN', (_what, yaml, problem) => {
    expect(loadProblem(yaml)).toBe(problem);
  });

  it('warns, at the list, about a variable only some alternatives capture', () => {
    const spec = specOf('"x"', '{ any: [/(?<code>\\d+) ok/, /(?<code>\\d+) (?<text>.*)/, eof] }');
    expect(spec.warnings).toEqual([
      {
        file: 'specs/m.yaml',
        line: 5,
        column: 20,
        message:
          'step 2: any: "code" is captured by only some alternatives (not by (3)); when one of those wins, a later ${code} has no value or keeps an earlier one',
      },
      {
        file: 'specs/m.yaml',
        line: 5,
        column: 20,
        message:
          'step 2: any: "text" is captured by only some alternatives (not by (1), (3)); when one of those wins, a later ${text} has no value or keeps an earlier one',
      },
    ]);
  });

  it('gives no warning when every alternative captures the same variables', () => {
    expect(specOf('{ any: [/(?<code>2\\d\\d) .*/, /(?<code>5\\d\\d)-.*/] }').warnings).toEqual([]);
  });

  it('counts what any alternative captures as defined for later steps', () => {
    const [first] = matchersOf('{ any: [/(?<code>\\d+)/, eof] }', '"${code}"');
    expect(matcherCaptures(first!)).toEqual(['code']);
  });

  it('describes itself by its alternatives, and judges a unit by the first that fits', () => {
    const [m] = matchersOf('{ until: { any: [".", /(?<n>\\d+)/] } }');
    if (m?.kind !== 'until') throw new Error('not an until');
    const any = m.until;
    expect(describeMatcher(any, new Map())).toBe('any of (1) ".", (2) a line matching /(?<n>\\d+)/');
    expect(judgeUnit(any, bytesOf('42\r\n'), true, new Map())).toEqual({ ok: true, captures: { n: '42' } });
    expect(judgeUnit(any, bytesOf('x\r\n'), true, new Map())).toEqual({ ok: false, reason: 'no alternative matches' });
  });
});
