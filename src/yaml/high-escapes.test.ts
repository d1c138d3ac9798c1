import { highEscapes, highEscapeWarning } from './high-escapes';

describe('highEscapes', () => {
  it.each([
    ['"\\xff"', ['\\xff']],
    ['"\\x81 and \\xFF"', ['\\x81', '\\xFF']],
    ['"\\u00e9 names its character outright"', []],
    ['"\\x7f is ascii"', []],
    ['"an escaped backslash: \\\\xff"', []],
    ["'single quotes keep \\xff as four characters'", []],
    ['plain \\xff', []],
    ['"\\x8"', []],
  ])('finds in %s the escapes %j', (raw, written) => {
    expect(highEscapes(raw).map((e) => e.written)).toEqual(written);
  });

  it('says which bytes go out and how to write the ones meant', () => {
    expect(highEscapeWarning(highEscapes('"\\x81\\xff"'))).toBe(
      '"\\x81\\xff" in a double-quoted string are the characters U+0081 U+00FF, the UTF-8 bytes c2 81 c3 bf on the wire, ' +
        'not the bytes 81 ff; write raw bytes with { hex: "81 ff" } or a struct field (u8: 0x81)',
    );
  });
});
