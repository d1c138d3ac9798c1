import { hexDump, quoteBytes } from '../../bytes';
import { markedHexDump, markedQuote } from './bytes-html';

const bytes = Buffer.from('+PONG\r\n-ERR unknown command\r\n');
const strip = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('bytes as HTML with marks', () => {
  it('read as the text views do once the marks are taken away', () => {
    const marks = [
      { start: 3, end: 9, kind: 'field', title: 'f' } as const,
      { start: 5, end: 6, kind: 'diff', title: 'd' } as const,
    ];
    expect(strip(markedQuote(bytes, marks, 96))).toBe(quoteBytes(bytes));
    expect(strip(markedHexDump(bytes, 16, marks, 4096))).toBe(hexDump(bytes, 16, 4096));
  });

  it('wrap the marked byte in one mark in the quote, in the hex and in the printable column', () => {
    const html = markedHexDump(bytes, 0, [{ start: 1, end: 2, kind: 'diff', title: 'first difference' }], 4096);
    expect(html.match(/<mark class="diff" title="first difference" data-byte="1">([^<]*)<\/mark>/g)).toEqual([
      '<mark class="diff" title="first difference" data-byte="1">50</mark>',
      '<mark class="diff" title="first difference" data-byte="1">P</mark>',
    ]);
    expect(markedQuote(bytes, [{ start: 5, end: 7, kind: 'diff', title: 'x' }], 96)).toContain(
      '<mark class="diff" title="x" data-byte="5">\\r\\n</mark>',
    );
  });
});
