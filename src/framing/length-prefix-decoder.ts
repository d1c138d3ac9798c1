import { DecoderConfigError, DecoderState, FrameTooLargeError } from './errors';
import { QueueDecoder } from './queue-decoder';

/** Length header layouts: width and byte order of the unsigned body length before each frame. */
export const LengthHeaders = ['u8', 'u16be', 'u16le', 'u32be', 'u32le'] as const;
export type LengthHeader = (typeof LengthHeaders)[number];

/** Size of each header in bytes. */
export const headerWidth: Record<LengthHeader, number> = { u8: 1, u16be: 2, u16le: 2, u32be: 4, u32le: 4 };

/** Largest body length each header can express. */
export const headerMax: Record<LengthHeader, number> = {
  u8: 0xff,
  u16be: 0xffff,
  u16le: 0xffff,
  u32be: 0xffffffff,
  u32le: 0xffffffff,
};

/** Default `maxFrameSize` for u32 headers, so a garbage header cannot make us buffer 4 GiB. */
export const DEFAULT_MAX_U32_FRAME = 16 * 1024 * 1024;

export interface LengthPrefixDecoderOptions {
  /**
   * Largest body accepted, in bytes; a header announcing more throws
   * `FrameTooLargeError` before any of the body is buffered.
   * Default: what the header can express, capped at 16 MiB for u32 headers.
   */
  readonly maxFrameSize?: number;
}

/** Reads a body length from `header` bytes. */
export function readLength(header: LengthHeader, bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (header) {
    case 'u8':
      return view.getUint8(0);
    case 'u16be':
      return view.getUint16(0, false);
    case 'u16le':
      return view.getUint16(0, true);
    case 'u32be':
      return view.getUint32(0, false);
    case 'u32le':
      return view.getUint32(0, true);
  }
}

/** Encodes `body` as one frame: the `header` with its length, then the body. */
export function encodeFrame(header: LengthHeader, body: Uint8Array): Uint8Array {
  if (body.byteLength > headerMax[header]) {
    throw new RangeError(`a ${header} header cannot express a body of ${body.byteLength} bytes`);
  }
  const width = headerWidth[header];
  const out = new Uint8Array(width + body.byteLength);
  const view = new DataView(out.buffer);
  switch (header) {
    case 'u8':
      view.setUint8(0, body.byteLength);
      break;
    case 'u16be':
    case 'u16le':
      view.setUint16(0, body.byteLength, header === 'u16le');
      break;
    case 'u32be':
    case 'u32le':
      view.setUint32(0, body.byteLength, header === 'u32le');
      break;
  }
  out.set(body, width);
  return out;
}

/** Decodes length-prefixed frames and returns their bodies; a header may arrive split inside its bytes. */
export class LengthPrefixDecoder extends QueueDecoder {
  readonly header: LengthHeader;
  private readonly maxFrameSize: number;
  /** Body length of the frame whose header was read; undefined while awaiting a header. */
  private bodyLength: number | undefined;

  constructor(header: LengthHeader, options: LengthPrefixDecoderOptions = {}) {
    super();
    if (!LengthHeaders.includes(header)) {
      throw new DecoderConfigError(`unknown length header "${header}", expected one of ${LengthHeaders.join(', ')}`);
    }
    this.header = header;
    const fallback = header.startsWith('u32') ? DEFAULT_MAX_U32_FRAME : headerMax[header];
    this.maxFrameSize = options.maxFrameSize ?? fallback;
    if (!(this.maxFrameSize >= 0))
      throw new DecoderConfigError(`maxFrameSize must be >= 0, got ${options.maxFrameSize}`);
  }

  protected decode(out: Uint8Array[]): void {
    const width = headerWidth[this.header];
    for (;;) {
      if (this.bodyLength === undefined) {
        if (this.queue.length < width) return;
        const length = readLength(this.header, this.queue.peek(width));
        if (length > this.maxFrameSize) throw new FrameTooLargeError(this.maxFrameSize, length, out);
        this.queue.skip(width);
        this.bodyLength = length;
      }
      if (this.queue.length < this.bodyLength) return;
      out.push(this.queue.take(this.bodyLength));
      this.bodyLength = undefined;
    }
  }

  protected state(): DecoderState {
    return this.bodyLength === undefined ? DecoderState.awaitHeader : DecoderState.awaitBody;
  }

  protected describePending(): string {
    if (this.bodyLength === undefined) {
      return `the ${this.header} header needs ${headerWidth[this.header]} byte(s)`;
    }
    return `the body needs ${this.bodyLength} byte(s), ${this.queue.length} received`;
  }
}
