'use strict';
/**
 * Fuzzing a small spec against the pong server (its own process, which also
 * counts its reads):
 * - cases/s through fuzzSpec with read-confirmed delivery against the same
 *   with timed gaps (what a target that cannot be observed gets);
 * - the same against the same plans replayed with zero pauses (how close to
 *   the wire: nothing waits between pieces there, so pieces merge at will);
 * - the share of split pieces that reached the server as reads of their own,
 *   in both modes;
 * - what one look at the other side's socket costs: sock_diag through koffi
 *   against reading /proc/net/tcp.
 */
const { interleaved, row, atLeast } = require('../lib/measure');
const { summarize } = require('../lib/stats');

const RUNS = 60;
const SEED = 20240611;
const LOOKUPS = 20_000;

/** Percentage of split boundaries that were also ends of the server's reads. */
async function separateShare(tcpspec, pong, delivery) {
  const { cases, mode, why } = await tcpspec.call('separation', { port: pong.port, cases: RUNS, seed: SEED, delivery });
  const { ends } = await pong.call('reads', { ports: cases.map((c) => c.port) });
  let boundaries = 0;
  let apart = 0;
  cases.forEach((c, i) => {
    const readEnds = new Set(ends[i] || []);
    boundaries += c.boundaries.length;
    apart += c.boundaries.filter((b) => readEnds.has(b)).length;
  });
  return { share: boundaries ? (apart * 100) / boundaries : 100, boundaries, mode, why };
}

module.exports = async function fuzz({ reps, log, pong, tcpspec }) {
  log(`fuzz, ${RUNS} cases of a small spec, read-confirmed and timed …`);
  const modes = {};
  const shares = { auto: [], timed: [] };
  const rate = (delivery) => async () => {
    const r = await tcpspec.call('fuzz', { port: pong.port, runs: RUNS, seed: SEED, delivery });
    modes[delivery] = r;
    return (r.cases * 1000) / r.ms;
  };
  const share = (delivery) => async () => {
    const s = await separateShare(tcpspec, pong, delivery);
    shares[delivery].push(s);
    return s.share;
  };
  const r = await interleaved(
    {
      confirmed: rate('auto'),
      timed: rate('timed'),
      zero: async () => {
        const z = await tcpspec.call('zeroPause', { port: pong.port, cases: RUNS, seed: SEED });
        return (z.cases * 1000) / z.ms;
      },
      confirmedShare: share('auto'),
      timedShare: share('timed'),
      lookups: async () => (await tcpspec.call('lookups', { port: pong.port, n: LOOKUPS })).diagPerS,
    },
    { reps },
  );
  const proc = summarize([(await tcpspec.call('lookups', { port: pong.port, n: LOOKUPS })).procPerS]);
  if (modes.auto.mode !== 'read-confirmed') log(`read-confirmed delivery unavailable: ${modes.auto.why}`);
  const lastShare = shares.auto[shares.auto.length - 1];
  return [
    {
      ...row('fuzz, small spec: cases/s, read-confirmed delivery vs timed gaps', 'cases/s', r.confirmed, r.timed, 'ratio ≥ 20', atLeast(20)),
      note: `${RUNS} cases + the plain run through fuzzSpec; delivery used: ${modes.auto.mode}${modes.auto.why ? ` (${modes.auto.why})` : ''}; timed gaps of 20 ms`,
    },
    {
      ...row('fuzz, small spec: cases/s, read-confirmed delivery vs the same plans with zero pauses', 'cases/s', r.confirmed, r.zero, 'ratio ≥ 0.3', atLeast(0.3)),
      note: 'zero pauses: the same plans played through runSpec with nothing between pieces, no stall, no read pauses (pieces may merge)',
    },
    {
      ...row('fuzz, small spec: % of split pieces the server read apart, read-confirmed vs timed', '%', r.confirmedShare, r.timedShare, 'read-confirmed 100 %', (_, t) => t.min === 100),
      note: `${lastShare.boundaries} split boundaries per round; a boundary counts when one of the read-counting server's reads ended exactly there`,
    },
    {
      ...row('socket diagnostics: lookups/s, sock_diag via koffi vs reading /proc/net/tcp', 'lookups/s', r.lookups, proc, 'none (reported)'),
      note: `${LOOKUPS} exact 4-tuple lookups (INET_DIAG_INFO + SKMEMINFO) of one open connection; µs per lookup = 10⁶ ÷ lookups/s`,
    },
  ];
};
