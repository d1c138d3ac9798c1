import { decodeChunks } from './chunking-invariant';
import { concatBytes, utf8 } from './bytes';
import { DelimiterDecoder } from './delimiter-decoder';
import type { Decoder } from './decoder';
import { DecoderConfigError, FrameTooLargeError, IncompleteMessageError, MessageTooLongError } from './errors';
import { encodeFrame, LengthPrefixDecoder } from './length-prefix-decoder';
import type { LengthHeader } from './length-prefix-decoder';
import { LineDecoder } from './line-decoder';
import { ChunkBuffer } from '../stream/chunk-buffer';

const text = (messages: Uint8Array[]): string[] => messages.map((m) => Buffer.from(m).toString('latin1'));
const hex = (spaced: string): Uint8Array => Uint8Array.from(Buffer.from(spaced.replace(/\s+/g, ''), 'hex'));
const bytesOf = (chunks: string[]): Uint8Array[] => chunks.map((c) => utf8(c));

/** Feeds chunks one by one and returns every message as latin1 text. */
function decodeAll(decoder: Decoder, chunks: Uint8Array[]): string[] {
  const out: Uint8Array[] = [];
  for (const chunk of chunks) out.push(...decoder.feed(chunk));
  decoder.end();
  return text(out);
}

function byteAtATime(stream: Uint8Array): Uint8Array[] {
  return Array.from(stream, (b) => Uint8Array.of(b));
}

describe('LineDecoder', () => {
  it.each([
    { name: 'one whole line', chunks: ['hello\n'], lines: ['hello'] },
    { name: 'two lines in one chunk', chunks: ['a\nb\n'], lines: ['a', 'b'] },
    {
      name: 'the nats split: "MSG a" / " 1 3\\r\\nf" / "oo\\r\\n"',
      chunks: ['MSG a', ' 1 3\r\nf', 'oo\r\n'],
      lines: ['MSG a 1 3', 'foo'],
    },
    { name: '\\r\\n split between \\r and \\n', chunks: ['abc\r', '\ndef\r\n'], lines: ['abc', 'def'] },
    { name: 'empty chunks between pieces', chunks: ['', 'ab', '', 'c\n', ''], lines: ['abc'] },
    { name: 'empty lines', chunks: ['\n\r\n\n'], lines: ['', '', ''] },
  ])('decodes $name', ({ chunks, lines }) => {
    expect(decodeAll(new LineDecoder(), bytesOf(chunks))).toEqual(lines);
  });

  it('decodes the nats split fed one byte at a time', () => {
    const stream = utf8('MSG a 1 3\r\nfoo\r\n');
    expect(decodeAll(new LineDecoder(), byteAtATime(stream))).toEqual(['MSG a 1 3', 'foo']);
  });

  it('keeps the line ending when asked to', () => {
    expect(decodeAll(new LineDecoder({ stripLineEnding: false }), bytesOf(['a\r', '\nb\n']))).toEqual(['a\r\n', 'b\n']);
  });

  it('throws MessageTooLongError as soon as a line passes maxLineLength, keeping earlier lines', () => {
    const decoder = new LineDecoder({ maxLineLength: 4 });
    expect(decoder.feed(utf8('abcd\r'))).toEqual([]); // 4 bytes + a \r that may still end the line
    let thrown: unknown;
    try {
      decoder.feed(utf8('\nok\nabcde'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MessageTooLongError);
    const error = thrown as MessageTooLongError;
    expect(error.code).toBe('TCPSPEC_MESSAGE_TOO_LONG');
    expect(error.message).toBe(
      '[await-line] message longer than the limit of 4 byte(s) (at least 5 byte(s) without a terminator)',
    );
    expect(text([...error.decoded])).toEqual(['abcd', 'ok']);
    expect(() => decoder.feed(utf8('\n'))).toThrow(error);
  });

  it('throws IncompleteMessageError from end() when a line has no \\n', () => {
    const decoder = new LineDecoder();
    decoder.feed(utf8('done\npart'));
    expect(() => decoder.end()).toThrow(IncompleteMessageError);
    expect(() => decoder.end()).toThrow(
      '[await-line] stream ended inside a message: 4 byte(s) buffered, no "\\n" after them',
    );
  });
});

describe('DelimiterDecoder', () => {
  it.each([
    {
      name: 'a delimiter inside one chunk',
      delimiter: '\r\n\r\n',
      chunks: ['a\r\n\r\nb\r\n\r\n'],
      messages: ['a', 'b'],
    },
    {
      name: 'a delimiter split across two chunks',
      delimiter: '\r\n\r\n',
      chunks: ['head\r\n', '\r\nnext\r', '\n\r\n'],
      messages: ['head', 'next'],
    },
    {
      name: 'a delimiter split across four chunks',
      delimiter: 'END',
      chunks: ['xE', 'N', '', 'DyE', 'ND'],
      messages: ['x', 'y'],
    },
    {
      name: 'a false start before the real delimiter',
      delimiter: 'ABC',
      chunks: ['1AB', 'ABC2A', 'BC'],
      messages: ['1AB', '2'],
    },
    { name: 'empty messages', delimiter: '||', chunks: ['||||'], messages: ['', ''] },
  ])('decodes $name', ({ delimiter, chunks, messages }) => {
    expect(decodeAll(new DelimiterDecoder(delimiter), bytesOf(chunks))).toEqual(messages);
  });

  it('decodes a multi-byte delimiter fed one byte at a time', () => {
    expect(decodeAll(new DelimiterDecoder('<>'), byteAtATime(utf8('a<b<>c><>')))).toEqual(['a<b', 'c>']);
  });

  it('keeps the delimiter when asked to', () => {
    expect(decodeAll(new DelimiterDecoder('!?', { keepDelimiter: true }), bytesOf(['a!', '?']))).toEqual(['a!?']);
  });

  it('throws MessageTooLongError when no delimiter comes within maxMessageLength', () => {
    const decoder = new DelimiterDecoder('##', { maxMessageLength: 3 });
    expect(decoder.feed(utf8('abc#'))).toEqual([]);
    expect(() => decoder.feed(utf8('x'))).toThrow(MessageTooLongError);
  });

  it('rejects an empty delimiter with DecoderConfigError', () => {
    expect(() => new DelimiterDecoder('')).toThrow(DecoderConfigError);
  });
});

describe('LengthPrefixDecoder', () => {
  const headers: { header: LengthHeader; frame: string }[] = [
    { header: 'u8', frame: '03 666f6f' },
    { header: 'u16be', frame: '0003 666f6f' },
    { header: 'u16le', frame: '0300 666f6f' },
    { header: 'u32be', frame: '00000003 666f6f' },
    { header: 'u32le', frame: '03000000 666f6f' },
  ];

  it.each(headers)('decodes a $header frame fed whole', ({ header, frame }) => {
    expect(decodeAll(new LengthPrefixDecoder(header), [hex(frame)])).toEqual(['foo']);
  });

  it.each(headers)('decodes $header frames fed one byte at a time', ({ header, frame }) => {
    const stream = concatBytes([hex(frame), encodeFrame(header, new Uint8Array(0)), encodeFrame(header, utf8('bar'))]);
    expect(decodeAll(new LengthPrefixDecoder(header), byteAtATime(stream))).toEqual(['foo', '', 'bar']);
  });

  it.each([
    { name: 'after its first byte', chunks: ['00', '000003 666f6f'] },
    { name: 'in the middle', chunks: ['0000', '', '0003', '666f6f'] },
    { name: 'before its last byte, with body bytes', chunks: ['000000', '03 66', '6f6f'] },
  ])('decodes a u32be header split $name', ({ chunks }) => {
    expect(decodeAll(new LengthPrefixDecoder('u32be'), chunks.map(hex))).toEqual(['foo']);
  });

  it('encodes frames that decode back to their bodies', () => {
    const body = utf8('x'.repeat(300));
    expect(decodeAll(new LengthPrefixDecoder('u16le'), [encodeFrame('u16le', body)])).toEqual(['x'.repeat(300)]);
  });

  it('throws FrameTooLargeError when a header announces more than maxFrameSize', () => {
    const decoder = new LengthPrefixDecoder('u16be', { maxFrameSize: 4 });
    let thrown: unknown;
    try {
      decoder.feed(hex('0001 61 0005'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FrameTooLargeError);
    expect((thrown as FrameTooLargeError).message).toBe(
      '[await-header] length header announces 5 byte(s), more than the limit of 4',
    );
    expect(text([...(thrown as FrameTooLargeError).decoded])).toEqual(['a']);
  });

  it.each([
    {
      name: 'inside the header',
      bytes: '0000',
      message: '[await-header] stream ended inside a message: 2 byte(s) buffered, the u32be header needs 4 byte(s)',
    },
    {
      name: 'inside the body',
      bytes: '00000003 66',
      message: '[await-body] stream ended inside a message: 1 byte(s) buffered, the body needs 3 byte(s), 1 received',
    },
  ])('throws IncompleteMessageError when the stream ends $name', ({ bytes, message }) => {
    const decoder = new LengthPrefixDecoder('u32be');
    decoder.feed(hex(bytes));
    expect(() => decoder.end()).toThrow(IncompleteMessageError);
    expect(() => decoder.end()).toThrow(message);
  });
});

describe('returned messages and buffered bytes survive reuse of the caller buffer', () => {
  it.each([
    {
      name: 'LineDecoder',
      make: (): Decoder => new LineDecoder(),
      chunks: ['MSG a', ' 1 3\r\nf', 'oo\r\n'],
      expected: ['MSG a 1 3', 'foo'],
    },
    {
      name: 'DelimiterDecoder',
      make: (): Decoder => new DelimiterDecoder('::'),
      chunks: ['ab:', ':cd', '::'],
      expected: ['ab', 'cd'],
    },
    {
      name: 'LengthPrefixDecoder',
      make: (): Decoder => new LengthPrefixDecoder('u8'),
      chunks: ['\x03ab', 'c\x02', 'de'],
      expected: ['abc', 'de'],
    },
  ])('$name does not return or keep views of a buffer that later chunks overwrite', ({ make, chunks, expected }) => {
    // Like a socket reader that reads every chunk into the same memory.
    const shared = new Uint8Array(64);
    const decoder = make();
    const messages: Uint8Array[] = [];
    for (const chunk of chunks) {
      const bytes = Buffer.from(chunk, 'latin1');
      shared.set(bytes);
      messages.push(...decoder.feed(shared.subarray(0, bytes.byteLength)));
      shared.fill(0x58);
    }
    decoder.end();
    expect(text(messages)).toEqual(expected);
  });

  it('decodeChunks exposes a decoder that returns views of caller memory', () => {
    // A deliberately broken decoder: returns the caller's chunk itself as the message.
    const viewing = (): Decoder => ({ feed: (chunk) => (chunk.byteLength > 0 ? [chunk] : []), end: () => undefined });
    const outcome = decodeChunks(viewing, [utf8('ab'), utf8('cd')]);
    expect(text(outcome.messages)).not.toEqual(['ab', 'cd']);
  });
});

describe('large streams', () => {
  it('decodes a 256 KiB line fed one byte at a time searching each byte for its end once', () => {
    const decoder = new LineDecoder();
    const byte = Uint8Array.of(0x61);
    const feeds = (1 << 18) + 1;
    // Linear time, counted rather than timed: every search for "\n" is a ChunkBuffer.indexOf from some position.
    // Searching from the line's start on every feed would look at 2^35 bytes; the count stops at twice the stream.
    let searched = 0;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with its `this`
    const original = ChunkBuffer.prototype.indexOf;
    const search = jest.spyOn(ChunkBuffer.prototype, 'indexOf').mockImplementation(function (
      this: ChunkBuffer,
      byte: number,
      from = 0,
    ) {
      searched += Math.max(0, this.length - from);
      if (searched > 2 * feeds) throw new Error(`searched ${searched} bytes for the end of a ${feeds}-byte line`);
      return original.call(this, byte, from);
    });
    try {
      for (let i = 0; i < 1 << 18; i++) decoder.feed(byte);
      const [line] = decoder.feed(utf8('\n'));
      expect(line?.byteLength).toBe(1 << 18);
    } finally {
      search.mockRestore();
    }
    expect(searched).toBeLessThanOrEqual(feeds);
  });
});
