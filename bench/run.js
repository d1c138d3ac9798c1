'use strict';
/**
 * `npm run bench`: tcpspec against hand-written baselines (and mountebank),
 * all on 127.0.0.1, in one run. Prints median (min–max) of each figure and
 * writes bench/results/latest.json. Not part of `npm test`.
 *
 * BENCH_REPS (default 5) sets the recorded rounds; BENCH_ONLY=client,server,
 * bulk,fuzz runs a subset.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startWorker, stopWorkers } = require('./lib/child');
const { ensureInstalled, startMountebank } = require('./lib/mountebank');
const { fmt, fmtSummary } = require('./lib/stats');

const REPS = Number(process.env.BENCH_REPS || 5);
const WARMUP = 1;
const ONLY = (process.env.BENCH_ONLY || 'client,server,bulk,fuzz').split(',');
const RESULTS = path.join(__dirname, 'results', 'latest.json');

const log = (line) => process.stderr.write(`${line}\n`);

async function startDriver(name, args) {
  const w = await startWorker(name, args);
  return { ...w.info, call: w.call, child: w.child };
}

function printTable(rows) {
  const lines = ['| figure | tcpspec | baseline | ratio | goal | met |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const range = (v, rg) => (v === null ? '—' : rg ? fmtSummary({ median: v, min: rg[0], max: rg[1] }) : fmt(v));
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
    lines.push(`| ${r.figure} | ${range(r.tcpspec, r.tcpspecRange)} | ${range(r.baseline, r.baselineRange)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2)} | ${r.goal} | ${met} |`);
  }
  return lines.join('\n');
}

async function main() {
  const started = performance.now();
  const mountebank = {};
  if (ONLY.includes('server')) {
    const why = ensureInstalled(log);
    if (why) mountebank.error = why;
    else {
      try {
        Object.assign(mountebank, await startMountebank());
      } catch (err) {
        mountebank.error = err.message;
      }
    }
    if (mountebank.error) log(`mountebank unavailable: ${mountebank.error}`);
  }
  const ctx = {
    reps: REPS,
    warmup: WARMUP,
    log,
    mountebank,
    startDriver,
    pong: await startDriver('pong-server', ['pong']),
    echo: await startDriver('pong-server', ['echo']),
    tcpspec: await startDriver('tcpspec-driver'),
    handwritten: await startDriver('net-driver'),
  };
  const rows = [];
  try {
    if (ONLY.includes('client')) rows.push(...(await require('./figures/client-role')(ctx)));
    if (ONLY.includes('server')) rows.push(...(await require('./figures/server-role')(ctx)));
    if (ONLY.includes('bulk')) rows.push(...(await require('./figures/bulk')(ctx)));
    if (ONLY.includes('fuzz')) rows.push(...(await require('./figures/fuzz')(ctx)));
  } finally {
    if (mountebank.stop) mountebank.stop();
    stopWorkers();
  }
  const table = printTable(rows);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${table}\n\nmedian (min–max) of ${REPS} rounds after ${WARMUP} warm-up round; ${seconds.toFixed(0)} s in all\n`);
  for (const r of rows) if (r.note) process.stdout.write(`- ${r.figure}: ${r.note}\n`);
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(rows, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), RESULTS)}\n`);
}

main().catch((err) => {
  stopWorkers();
  log(err && err.stack ? err.stack : String(err));
  process.exitCode = 1;
});
