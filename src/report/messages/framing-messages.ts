/** A framing decoder's failures in words (src/framing/errors.ts); the decoder state is put before each. */

/** `[await-body] …`: the state a decoder failed in, then what went wrong. */
export function framingMessage(state: string, detail: string): string {
  return `[${state}] ${detail}`;
}

export function incompleteMessageDetail(pendingBytes: number, detail: string): string {
  return `stream ended inside a message: ${pendingBytes} byte(s) buffered, ${detail}`;
}

export function messageTooLongDetail(limit: number, length: number): string {
  return `message longer than the limit of ${limit} byte(s) (at least ${length} byte(s) without a terminator)`;
}

export function frameTooLargeDetail(limit: number, announced: number): string {
  return `length header announces ${announced} byte(s), more than the limit of ${limit}`;
}
