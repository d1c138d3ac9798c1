'use strict';
/**
 * Struct: 1 million PostgreSQL DataRow-like messages judged by a spec's
 * `{ until: CommandComplete, each: DataRow }` over structs, against a
 * hand-written Buffer decoder of the same bytes: messages/s, and each
 * process's peak RSS.
 */
const { interleaved, row, atLeast } = require('../lib/measure');
const { summarize } = require('../lib/stats');

const COUNT = 1_000_000;

module.exports = async function struct({ reps, log, startDriver }) {
  const tcpspec = await startDriver('datarow-decoder');
  const handwritten = await startDriver('datarow-decoder');
  const { bytes } = await tcpspec.call('prepare', { count: COUNT });
  await handwritten.call('prepare', { count: COUNT });
  const rate = (call, how) => async () => {
    const { ms, tag } = await call('decode', { how }, 300_000);
    if (tag !== `SELECT ${COUNT}`) throw new Error(`${how} read the tag ${JSON.stringify(tag)}`);
    return COUNT / (ms / 1000);
  };
  log(`struct, ${COUNT.toLocaleString('en-US')} DataRows (${(bytes / 1e6).toFixed(1)} MB) …`);
  const r = await interleaved(
    { tcpspec: rate(tcpspec.call, 'struct'), baseline: rate(handwritten.call, 'handwritten') },
    { reps },
  );
  const rss = summarize([(await tcpspec.call('rss')).peakMiB]);
  const baseRss = summarize([(await handwritten.call('rss')).peakMiB]);
  tcpspec.child.kill();
  handwritten.child.kill();
  return [
    row(
      'struct, 1M DataRows: messages/s vs hand-written Buffer decoder',
      'messages/s',
      r.tcpspec,
      r.baseline,
      'ratio ≥ 0.5',
      atLeast(0.5),
    ),
    {
      ...row('struct, 1M DataRows: peak RSS of the process (MiB)', 'MiB', rss, baseRss, 'none (reported)'),
      ratio: baseRss.median / rss.median,
    },
  ];
};
