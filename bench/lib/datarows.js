'use strict';
/**
 * A PostgreSQL-like result stream for the struct figure: `count` DataRow
 * messages ('D', u32be length counting itself, u16be column count 3, then per
 * column a u32be length and its bytes) and one CommandComplete ('C', length,
 * "SELECT n\0"). Deterministic, so both decoders read the same bytes.
 */

const COLUMNS = 3;

function dataRow(i) {
  const cols = [Buffer.from(String(i)), Buffer.from(`user${i % 9973}`), Buffer.from(i % 2 ? 't' : 'f')];
  const body = 2 + cols.reduce((n, c) => n + 4 + c.length, 0);
  const out = Buffer.alloc(1 + 4 + body);
  out[0] = 0x44; // 'D'
  out.writeUInt32BE(4 + body, 1);
  out.writeUInt16BE(COLUMNS, 5);
  let p = 7;
  for (const c of cols) {
    out.writeUInt32BE(c.length, p);
    c.copy(out, p + 4);
    p += 4 + c.length;
  }
  return out;
}

function commandComplete(count) {
  const tag = Buffer.from(`SELECT ${count}\0`);
  const out = Buffer.alloc(5 + tag.length);
  out[0] = 0x43; // 'C'
  out.writeUInt32BE(4 + tag.length, 1);
  tag.copy(out, 5);
  return out;
}

/** The whole stream as one Buffer. */
function resultStream(count) {
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(dataRow(i));
  parts.push(commandComplete(count));
  return Buffer.concat(parts);
}

/** The expectation a spec writes for it: DataRows, any number, until CommandComplete. */
const RESULT_SPEC = `name: bench data rows
steps:
  - expect:
      until:
        struct:
          - text: "C"
          - u32be: { length: rest, includes_self: true }
          - cstring: { as: tag }
      each:
        struct:
          - text: "D"
          - u32be: { length: rest, includes_self: true }
          - u16be: ${COLUMNS}
          - u32be: { length: next }
          - bytes: rest
          - u32be: { length: next }
          - bytes: rest
          - u32be: { length: next }
          - bytes: rest
`;

module.exports = { COLUMNS, resultStream, RESULT_SPEC };
