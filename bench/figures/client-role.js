'use strict';
/**
 * Client role: round trips per second of a 20,000-pair send/expect spec
 * against the minimal pong server, vs the hand-written net client doing the
 * same, at 1 and 8 connections (8 specs at once).
 */
const { interleaved, row, atLeast } = require('../lib/measure');

const PAIRS = 20_000;

module.exports = async function clientRole({ reps, conns: connsList = [1, 8], log, pong, tcpspec, handwritten }) {
  const rows = [];
  for (const conns of connsList) {
    const rate = (call) => async () => {
      const { ms } = await call('pingpong', { port: pong.port, conns, pairs: PAIRS });
      return (conns * PAIRS * 1000) / ms;
    };
    log(`client role, ${conns} connection(s) × ${PAIRS} round trips …`);
    const r = await interleaved({ tcpspec: rate(tcpspec.call), baseline: rate(handwritten.call) }, { reps });
    rows.push(row(`client role, ${conns} conn: round trips/s vs hand-written net client`, 'round trips/s', r.tcpspec, r.baseline, 'ratio ≥ 0.8', atLeast(0.8)));
  }
  return rows;
};
