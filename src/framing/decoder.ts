/**
 * The one interface every framing decoder implements: bytes in, complete
 * messages out. A decoder never touches a socket.
 */
export interface Decoder {
  /**
   * Takes the next piece of the stream (any size, including empty) and returns
   * the messages it completed, in order. Returned messages are fresh copies:
   * the caller may reuse `chunk`'s memory as soon as `feed` returns.
   * Throws a `FramingError` when the stream breaks a limit; its `decoded`
   * holds the messages completed before the failure.
   */
  feed(chunk: Uint8Array): Uint8Array[];
  /** Declares the stream over; throws `IncompleteMessageError` if a message was left half-received. */
  end(): void;
}
