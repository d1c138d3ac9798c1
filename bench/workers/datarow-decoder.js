'use strict';
/**
 * The struct figure's contenders, one per process (so each peak RSS is its
 * own): `struct` runs the spec's `{ until, each }` over structs through the
 * real expectation path (expectationFor + ChunkBuffer, fed 64 KiB chunks as a
 * socket would hand them over); `handwritten` is the decoder one would write
 * with Buffer: a carried-over remainder, readUInt32BE/readUInt16BE, a
 * subarray per column, the same checks (type byte, column count, lengths
 * that add up). Both count the DataRows before CommandComplete.
 */
const path = require('node:path');
const { loadSpecText } = require('../../dist/src/load/load');
const { expectationFor } = require('../../dist/src/match/registry');
const { ChunkBuffer } = require('../../dist/src/stream/chunk-buffer');
const { serveCommands, peakRssMiB } = require('../lib/child');
const { COLUMNS, resultStream, RESULT_SPEC } = require('../lib/datarows');

const CHUNK = 64 * 1024;
let stream;

function viaStruct(bytes) {
  const spec = loadSpecText(path.join(__dirname, '..', 'datarows.yaml'), RESULT_SPEC);
  const expectation = expectationFor(spec.steps[0].matcher, new Map());
  const input = new ChunkBuffer();
  for (let at = 0; at < bytes.length; at += CHUNK) {
    input.push(bytes.subarray(at, at + CHUNK));
    const p = expectation.advance(input, false);
    if (p.state === 'matched') return Buffer.from(p.captures.tag).toString('latin1');
    if (p.state !== 'pending') throw new Error(`struct: ${p.state} ${p.reason || ''}`);
  }
  throw new Error('struct: the stream ended before CommandComplete');
}

function viaBuffer(bytes) {
  let rest = Buffer.alloc(0);
  let rows = 0;
  for (let at = 0; at < bytes.length; at += CHUNK) {
    const chunk = bytes.subarray(at, at + CHUNK);
    const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let p = 0;
    while (buf.length - p >= 5) {
      const type = buf[p];
      const length = buf.readUInt32BE(p + 1);
      if (length < 4) throw new Error(`handwritten: length ${length} at ${at + p}`);
      const end = p + 1 + length;
      if (end > buf.length) break;
      if (type === 0x43) {
        const zero = buf.indexOf(0, p + 5);
        if (zero !== end - 1) throw new Error('handwritten: CommandComplete tag is not one C string');
        return buf.toString('latin1', p + 5, zero);
      }
      if (type !== 0x44) throw new Error(`handwritten: message type ${type}`);
      if (buf.readUInt16BE(p + 5) !== COLUMNS) throw new Error('handwritten: column count');
      let q = p + 7;
      for (let c = 0; c < COLUMNS; c++) {
        const n = buf.readUInt32BE(q);
        const value = buf.subarray(q + 4, q + 4 + n);
        q += 4 + value.length;
        if (q > end) throw new Error('handwritten: a column runs past its message');
      }
      if (q !== end) throw new Error('handwritten: the columns do not fill the message');
      rows += 1;
      p = end;
    }
    rest = buf.subarray(p);
  }
  throw new Error(`handwritten: the stream ended before CommandComplete (${rows} rows)`);
}

serveCommands({
  /** Builds the stream once per process; the same bytes for every round. */
  prepare({ count }) {
    stream = resultStream(count);
    return { bytes: stream.length };
  },
  /** One pass with the named decoder; resolves with the elapsed ms and the CommandComplete tag it read. */
  decode({ how }) {
    const started = performance.now();
    const tag = how === 'struct' ? viaStruct(stream) : viaBuffer(stream);
    return { ms: performance.now() - started, tag };
  },
  rss() {
    return { peakMiB: peakRssMiB() };
  },
});
