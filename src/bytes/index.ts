/**
 * Rendering bytes for people: quoting, hex, sizes, the printable check and
 * the indentation of report text. A leaf: it imports nothing of tcpspec, and
 * errors, matchers, transcripts, reports, framing and recording all use it.
 */
export { QUOTE_LIMIT, VALUE_PREFIX_LIMIT, escapeByte, quoteBytes, quoteValue } from './quote';
export { hexDump, hexPairs, hexRows } from './hex';
export { isPrintable, isPrintableByte } from './printable';
export { formatSize } from './size';
export { indent } from './indent';
