/**
 * Numbers on the wire: fixed-width integers of either byte order and
 * signedness, LEB128 varints and BER lengths. Values are bigints, so 64-bit
 * fields keep every bit.
 */
import type { NumberCodec } from '../spec/struct';

/** The smallest and largest value a codec can write. */
export function range(codec: NumberCodec): { readonly min: bigint; readonly max: bigint } {
  switch (codec.kind) {
    case 'int': {
      const bits = BigInt(codec.width * 8);
      return codec.signed
        ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n }
        : { min: 0n, max: (1n << bits) - 1n };
    }
    case 'varint':
      return { min: 0n, max: (1n << BigInt(7 * codec.maxBytes)) - 1n };
    case 'ber_length':
      // 0x80+N with N up to 126 bytes in BER; lengths here stay far below 8 bytes' worth.
      return { min: 0n, max: (1n << 64n) - 1n };
  }
}

export function fits(codec: NumberCodec, value: bigint): boolean {
  const { min, max } = range(codec);
  return value >= min && value <= max;
}

/** The bytes of `value` (which must fit). */
export function encodeNumber(codec: NumberCodec, value: bigint): Buffer {
  switch (codec.kind) {
    case 'int': {
      const out = Buffer.alloc(codec.width);
      let v = value < 0n ? (1n << BigInt(codec.width * 8)) + value : value;
      for (let i = 0; i < codec.width; i++) {
        const at = codec.little ? i : codec.width - 1 - i;
        out[at] = Number(v & 0xffn);
        v >>= 8n;
      }
      return out;
    }
    case 'varint': {
      const bytes: number[] = [];
      let v = value;
      do {
        let b = Number(v & 0x7fn);
        v >>= 7n;
        if (v > 0n) b |= 0x80;
        bytes.push(b);
      } while (v > 0n);
      return Buffer.from(bytes);
    }
    case 'ber_length': {
      if (value < 0x80n) return Buffer.from([Number(value)]);
      const bytes: number[] = [];
      for (let v = value; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
      return Buffer.from([0x80 + bytes.length, ...bytes]);
    }
  }
}

/** How many bytes `value` takes. */
export function encodedWidth(codec: NumberCodec, value: bigint): number {
  return codec.kind === 'int' ? codec.width : encodeNumber(codec, value).length;
}

/** A number read from the front of some bytes, or why it cannot be. */
export type NumberRead =
  | { readonly state: 'ok'; readonly value: bigint; readonly width: number }
  /** More bytes are needed; `width` is the least the number can still take. */
  | { readonly state: 'short'; readonly width: number }
  | { readonly state: 'bad'; readonly width: number; readonly why: string };

/**
 * Reads a number through `byteAt` (position from the field's start) with
 * `available` bytes present.
 */
export function readNumber(codec: NumberCodec, byteAt: (i: number) => number, available: number): NumberRead {
  switch (codec.kind) {
    case 'int': {
      if (available < codec.width) return { state: 'short', width: codec.width };
      let v = 0n;
      for (let i = 0; i < codec.width; i++) {
        const b = BigInt(byteAt(codec.little ? codec.width - 1 - i : i));
        v = (v << 8n) | b;
      }
      if (codec.signed && v >= 1n << BigInt(codec.width * 8 - 1)) v -= 1n << BigInt(codec.width * 8);
      return { state: 'ok', value: v, width: codec.width };
    }
    case 'varint': {
      let v = 0n;
      for (let i = 0; i < codec.maxBytes; i++) {
        if (i >= available) return { state: 'short', width: i + 1 };
        const b = byteAt(i);
        v |= BigInt(b & 0x7f) << BigInt(7 * i);
        if ((b & 0x80) === 0) return { state: 'ok', value: v, width: i + 1 };
      }
      return {
        state: 'bad',
        width: codec.maxBytes,
        why: `a varint longer than its max_bytes ${codec.maxBytes} (every one of its ${codec.maxBytes} bytes has the continuation bit set)`,
      };
    }
    case 'ber_length': {
      if (available < 1) return { state: 'short', width: 1 };
      const first = byteAt(0);
      if (first < 0x80) return { state: 'ok', value: BigInt(first), width: 1 };
      const n = first - 0x80;
      if (n === 0)
        return {
          state: 'bad',
          width: 1,
          why: 'an indefinite BER length (0x80), which a definite length field cannot be',
        };
      if (n > 8)
        return {
          state: 'bad',
          width: 1,
          why: `a BER length of ${n} bytes (0x${first.toString(16)}); at most 8 are read`,
        };
      if (available < 1 + n) return { state: 'short', width: 1 + n };
      let v = 0n;
      for (let i = 1; i <= n; i++) v = (v << 8n) | BigInt(byteAt(i));
      return { state: 'ok', value: v, width: 1 + n };
    }
  }
}

/** `5 (0x00000005)`: a value in decimal and in hex at the field's width. */
export function formatNumber(codec: NumberCodec, value: bigint): string {
  const digits = codec.kind === 'int' ? codec.width * 2 : 0;
  const unsigned = value < 0n && codec.kind === 'int' ? (1n << BigInt(codec.width * 8)) + value : value;
  return `${value} (0x${unsigned.toString(16).padStart(digits, '0')})`;
}
