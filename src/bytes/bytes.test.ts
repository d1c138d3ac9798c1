import { hexDump, hexPairs, hexRows, formatSize, indent, isPrintable, quoteBytes, quoteValue } from '.';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('quoteBytes', () => {
  it.each([
    ['+PONG\r\n', '"+PONG\\r\\n"'],
    ['tab\there', '"tab\\there"'],
    ['say "hi" \\ bye', '"say \\"hi\\" \\\\ bye"'],
    ['\x00\x1b\xff', '"\\x00\\x1b\\xff"'],
    ['', '""'],
  ])('quotes %j as %s', (input, quoted) => {
    expect(quoteBytes(b(input))).toBe(quoted);
  });

  it('shows at most `limit` bytes and counts the rest', () => {
    expect(quoteBytes(b('abcdef'), 2)).toBe('"ab"…(4 more bytes)');
  });
});

describe('quoteValue', () => {
  it('quotes a short value whole', () => {
    expect(quoteValue('sned')).toBe('"sned"');
  });

  it('quotes only a prefix of a long value, and says how much is left out', () => {
    const q = quoteValue('x'.repeat(3000), 10);
    expect(q).toBe('"xxxxxxxxxx"…(2990 more characters)');
  });

  it('escapes control characters so binary garbage stays on one line', () => {
    expect(quoteValue('\x00\n\u00ff')).toBe('"\\u0000\\nÿ"');
  });
});

describe('hex', () => {
  it('writes space-separated pairs', () => {
    expect(hexPairs(b('+PONG\r\n'))).toBe('2b 50 4f 4e 47 0d 0a');
    expect(hexPairs(new Uint8Array(0))).toBe('');
  });

  it('splits pairs into rows', () => {
    expect(hexRows(b('abcde'), 2)).toEqual(['61 62', '63 64', '65']);
  });

  it('dumps 16 bytes a row with the stream offset and an ASCII column', () => {
    expect(hexDump(b('-ERR unknown command\r\n'), 0x10)).toBe(
      [
        '00000010  2d 45 52 52 20 75 6e 6b 6e 6f 77 6e 20 63 6f 6d  |-ERR unknown com|',
        '00000020  6d 61 6e 64 0d 0a                                |mand..|',
      ].join('\n'),
    );
  });

  it('counts what lies past the dump limit', () => {
    expect(hexDump(Buffer.alloc(20), 0, 16).split('\n')).toEqual([
      '00000000  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  |................|',
      '… 4 more bytes',
    ]);
  });
});

describe('isPrintable', () => {
  it('accepts printable ASCII, tab, CR and LF', () => {
    expect(isPrintable(b('a b\t\r\n~'))).toBe(true);
  });
  it.each([['\x00'], ['\x7f'], ['\xe9']])('rejects %j', (s) => {
    expect(isPrintable(b(s))).toBe(false);
  });
});

describe('formatSize', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1536, '1.5 KiB'],
    [100 * 1024 * 1024, '100.0 MiB'],
    [1024 ** 3, '1.00 GiB'],
  ])('%d is %s', (n, text) => {
    expect(formatSize(n)).toBe(text);
  });
});

describe('indent', () => {
  it('indents every line', () => {
    expect(indent('a\nb')).toBe('    a\n    b');
    expect(indent('a', '> ')).toBe('> a');
  });
});
