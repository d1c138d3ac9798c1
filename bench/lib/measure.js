'use strict';
/**
 * Interleaved repetitions: every contender runs once per round, in an order
 * that rotates each round, so drift (heat, other load) lands on all of them.
 */
const { summarize } = require('./stats');

/**
 * `contenders` maps a name to an async function returning one measurement.
 * Runs `warmup` unrecorded rounds, then `reps` recorded ones; resolves with a
 * summary per name.
 */
async function interleaved(contenders, { reps, warmup = 1 }) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + reps; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const value = await contenders[name]();
      if (round >= warmup) samples[name].push(value);
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n])]));
}

/** A results row: ratio = tcpspec ÷ baseline of the medians (both "higher is better"). */
function row(figure, unit, tcpspec, baseline, goal, met) {
  const ratio = baseline && baseline.median ? tcpspec.median / baseline.median : null;
  return {
    figure,
    unit,
    tcpspec: tcpspec.median,
    baseline: baseline ? baseline.median : null,
    ratio,
    goal,
    met: met === undefined ? null : met(ratio, tcpspec, baseline),
    tcpspecRange: [tcpspec.min, tcpspec.max],
    baselineRange: baseline ? [baseline.min, baseline.max] : null,
  };
}

/** met() for "ratio ≥ x". */
const atLeast = (x) => (ratio) => ratio !== null && ratio >= x;

module.exports = { interleaved, row, atLeast };
