/** True when every byte is printable ASCII or common whitespace (tab, CR, LF): safe to show as quoted text alone. */
export function isPrintable(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (!isPrintableByte(b)) return false;
  }
  return true;
}

/** Printable ASCII or tab, CR, LF. */
export function isPrintableByte(b: number): boolean {
  return (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09;
}
