'use strict';
/**
 * Fuzzing: cases per second of fuzzSpec on a small spec against the pong
 * server, and the share of a case's time that is tcpspec's own work rather
 * than the pauses the plan injects on purpose (see lib/fuzz-breakdown.js).
 */
const { interleaved, row } = require('../lib/measure');
const { summarize } = require('../lib/stats');

const RUNS = 60;
const SEED = 20240611;

module.exports = async function fuzz({ reps, log, pong, tcpspec }) {
  log(`fuzz, ${RUNS} cases of a small spec …`);
  const breakdowns = [];
  const r = await interleaved(
    {
      rate: async () => {
        const { ms, cases } = await tcpspec.call('fuzz', { port: pong.port, runs: RUNS, seed: SEED });
        return (cases * 1000) / ms;
      },
      breakdown: async () => {
        const b = await tcpspec.call('fuzzBreakdown', { port: pong.port, cases: RUNS, seed: SEED });
        breakdowns.push(b);
        return b.zeroMs / b.caseMs;
      },
    },
    { reps },
  );
  // Cases per second if tcpspec's own work (the zero-pause time) cost nothing.
  const pausesOnly = summarize(breakdowns.slice(-reps).map((b) => (b.cases * 1000) / (b.caseMs - b.zeroMs)));
  const own = summarize(r.breakdown.samples.map((x) => x * 100));
  const last = breakdowns[breakdowns.length - 1];
  return [
    {
      ...row('fuzz, small spec: cases/s vs cases/s of the injected pauses alone', 'cases/s', r.rate, pausesOnly, 'ratio ≥ 0.8 (own work < 20 %)', (ratio) => ratio >= 0.8),
      note: 'ratio is cases/s through fuzzSpec against the rate the pauses alone would allow (measured case time minus the same plan replayed with zero pauses)',
    },
    {
      ...row("fuzz, small spec: tcpspec's own work, % of a case's time", '%', own, null, '< 20 %', (_, t) => t.median < 20),
      note: `own work = the same plans replayed with every pause zeroed; last round: ${last.cases} cases, ${Math.round(last.caseMs)} ms as generated, ${Math.round(last.zeroMs)} ms with zero pauses, ${Math.round(last.injectedMs)} ms of pauses handed out`,
    },
  ];
};
