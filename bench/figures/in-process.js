'use strict';
/**
 * A client under test fuzzed in process against the same client started as
 * a Node process per case: cases/s through fuzzClient (the function is
 * called per case) against fuzzSpec with `--client "node greet-client.js
 * {host} {port}"`, same spec (a mock line server), same seed, same number of
 * cases, interleaved round by round in the tcpspec driver's process.
 */
const { interleaved, row, atLeast } = require('../lib/measure');

const RUNS = 60;
const SEED = 20261205;

module.exports = async function inProcess({ reps, log, tcpspec }) {
  log(`in-process client, ${RUNS} cases of a mock line server, fuzzClient and --client …`);
  const rate = (how) => async () => {
    const r = await tcpspec.call('fuzzGreetClient', { runs: RUNS, seed: SEED, how });
    return (r.cases * 1000) / r.ms;
  };
  const r = await interleaved({ inProcess: rate('function'), command: rate('command') }, { reps });
  return [
    {
      ...row('in-process client: cases/s, fuzzClient with a function vs --client starting Node per case', 'cases/s', r.inProcess, r.command, 'ratio ≥ 10', atLeast(10)),
      note: `${RUNS} cases + the plain run of a role: server spec; the same greet() (bench/workers/greet-client.js) called in process, or run as \`node greet-client.js {host} {port}\` per case`,
    },
  ];
};
