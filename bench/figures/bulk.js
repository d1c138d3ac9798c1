'use strict';
/**
 * Bulk: 1 GiB sent and expected back through the echo server with
 * `send/expect: { repeat, times }`, MB/s vs a hand-written client that also
 * checks every byte, and the peak RSS of each side's process (fresh processes,
 * so nothing else they did counts).
 */
const { interleaved, row, atLeast } = require('../lib/measure');
const { BULK_UNIT } = require('../lib/specs');
const { summarize } = require('../lib/stats');

const TIMES = (1024 * 1024 * 1024) / BULK_UNIT.length;

module.exports = async function bulk({ reps, log, echo, startDriver }) {
  const tcpspec = await startDriver('tcpspec-driver');
  const handwritten = await startDriver('net-driver');
  const rate = (call) => async () => {
    const { ms } = await call('bulk', { port: echo.port, times: TIMES }, 300_000);
    return (TIMES * BULK_UNIT.length) / 1e6 / (ms / 1000);
  };
  log(`bulk, 1 GiB through the echo server …`);
  const r = await interleaved({ tcpspec: rate(tcpspec.call), baseline: rate(handwritten.call) }, { reps });
  const rss = summarize([(await tcpspec.call('rss')).peakMiB]);
  const baseRss = summarize([(await handwritten.call('rss')).peakMiB]);
  tcpspec.child.kill();
  handwritten.child.kill();
  return [
    row('bulk, 1 GiB echo: MB/s vs hand-written net client', 'MB/s', r.tcpspec, r.baseline, 'ratio ≥ 0.7', atLeast(0.7)),
    // Lower is better here, so the ratio is inverted: hand-written RSS ÷ tcpspec RSS.
    {
      ...row('bulk, 1 GiB echo: peak RSS of the process (MiB)', 'MiB', rss, baseRss, 'tcpspec < 150 MiB', (_, t) => t.median < 150),
      ratio: baseRss.median / rss.median,
    },
  ];
};
