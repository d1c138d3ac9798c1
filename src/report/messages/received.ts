/** Bytes that arrived, as a message shows them: quoted, with a hex view when they are not printable. */
import { QUOTE_LIMIT, hexDump, indent, isPrintable, quoteBytes } from '../../bytes';

/** `nothing`, `"+OK\r\n"`, or the quote followed by an indented hex dump numbered from `base`. */
export function describeReceived(bytes: Uint8Array, base: number): string {
  if (bytes.length === 0) return 'nothing';
  const view = quoteBytes(bytes);
  return isPrintable(bytes.subarray(0, QUOTE_LIMIT)) ? view : `${view}\n${indent(hexDump(bytes, base))}`;
}
