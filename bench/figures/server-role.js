'use strict';
/**
 * Server role: tcpspec's mock server (listenAsServer, the `serve` path)
 * answering a minimal ping client, vs the hand-written net pong server and a
 * mountebank TCP imposter, at 1 and 8 connections. The same load client (the
 * hand-written one, in its own process) drives all three; each server is
 * started once per concurrency and serves every round.
 */
const { interleaved, row, atLeast } = require('../lib/measure');

const PAIRS = 4_000;

module.exports = async function serverRole({ reps, conns: connsList = [1, 8], warmup, log, pong, tcpspec, handwritten, mountebank }) {
  const rows = [];
  for (const conns of connsList) {
    const load = (port) => async () => {
      const { ms } = await handwritten.call('pingpong', { port, conns, pairs: PAIRS });
      return (conns * PAIRS * 1000) / ms;
    };
    const { port } = await tcpspec.call('serve', { pairs: PAIRS, connections: (warmup + reps) * conns });
    const contenders = { tcpspec: load(port), baseline: load(pong.port) };
    if (mountebank.port) contenders.mountebank = load(mountebank.port);
    log(`server role, ${conns} connection(s) × ${PAIRS} round trips (tcpspec, net${mountebank.port ? ', mountebank' : ''}) …`);
    const r = await interleaved(contenders, { reps, warmup });
    await tcpspec.call('served', { port });
    rows.push(row(`server role, ${conns} conn: round trips/s vs hand-written net server`, 'round trips/s', r.tcpspec, r.baseline, 'ratio ≥ 0.8', atLeast(0.8)));
    const figure = `server role, ${conns} conn: round trips/s vs mountebank ${mountebank.version || ''} TCP imposter`.replace('  ', ' ');
    const goal = conns === 8 ? 'ratio ≥ 1.5' : 'none (reported)';
    if (mountebank.skipped) continue;
    if (r.mountebank) rows.push(row(figure, 'round trips/s', r.tcpspec, r.mountebank, goal, conns === 8 ? atLeast(1.5) : undefined));
    else rows.push({ ...row(figure, 'round trips/s', r.tcpspec, null, goal), note: `mountebank not measured: ${mountebank.error}` });
  }
  return rows;
};
