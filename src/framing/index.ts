/**
 * Framing decoders for byte streams that arrive in arbitrary pieces, and the
 * property helpers to prove a decoder does not depend on how its input was cut.
 */
export type { Decoder } from './decoder';
export { ChunkBuffer } from '../stream/chunk-buffer';
export {
  DecoderState,
  FramingError,
  IncompleteMessageError,
  MessageTooLongError,
  FrameTooLargeError,
  DecoderConfigError,
} from './errors';
export { LineDecoder } from './line-decoder';
export type { LineDecoderOptions } from './line-decoder';
export { DelimiterDecoder } from './delimiter-decoder';
export type { DelimiterDecoderOptions } from './delimiter-decoder';
export {
  LengthPrefixDecoder,
  LengthHeaders,
  headerWidth,
  headerMax,
  readLength,
  encodeFrame,
  DEFAULT_MAX_U32_FRAME,
} from './length-prefix-decoder';
export type { LengthHeader, LengthPrefixDecoderOptions } from './length-prefix-decoder';
export { assertChunkingInvariant, decodeChunks, splitBySizes, ChunkingInvariantError } from './chunking-invariant';
export type { ChunkingInvariantOptions, DecodeOutcome } from './chunking-invariant';
export {
  lineStreams,
  delimitedStreams,
  lengthPrefixedStreams,
  framedStreams,
  bytesWithout,
} from './stream-arbitraries';
export type { LineStreamOptions, StreamSizeOptions } from './stream-arbitraries';
export { showBytes, concatBytes, utf8 } from './bytes';
