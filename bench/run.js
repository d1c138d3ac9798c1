'use strict';
/**
 * `npm run bench`: tcpspec against hand-written baselines (and mountebank),
 * all on 127.0.0.1, in one run. Prints median (min–max) of each figure and
 * writes bench/results/latest.json. Not part of `npm test`.
 *
 * BENCH_REPS (default 5) sets the recorded rounds; BENCH_ONLY=client,server,
 * bulk,fuzz,struct runs a subset. The same on the command line (`npm run bench -- …`):
 * `--only client,server,bulk,fuzz` (or `--only rr`: the request/response
 * figures, client and server role, without mountebank), `--reps N`, and
 * `--conns 1,8` for the concurrencies of the request/response figures.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startWorker, stopWorkers } = require('./lib/child');
const { ensureInstalled, startMountebank } = require('./lib/mountebank');
const { fmt, fmtSummary } = require('./lib/stats');

const FIGURES = ['client', 'server', 'bulk', 'fuzz', 'inproc', 'struct'];

/** `--name value` or `--name=value` from the command line, else `fallback`. */
function option(name, fallback) {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return fallback;
}

function figuresWanted() {
  const asked = option('only', process.env.BENCH_ONLY || FIGURES.join(',')).split(',');
  // rr: what the peer's own cost per step decides, against the hand-written baselines only.
  const only = asked.flatMap((f) => (f === 'rr' ? ['client', 'server'] : [f]));
  const unknown = only.filter((f) => !FIGURES.includes(f));
  if (unknown.length > 0) throw new Error(`--only: unknown figure(s) ${unknown.join(', ')}; known: rr, ${FIGURES.join(', ')}`);
  return { asked, only, mountebank: only.includes('server') && !asked.includes('rr') };
}

const REPS = Number(option('reps', process.env.BENCH_REPS || 5));
const WARMUP = 1;
const { asked: ASKED, only: ONLY, mountebank: WITH_MOUNTEBANK } = figuresWanted();
const CONNS = option('conns', '1,8').split(',').map(Number);
// A subset keeps the full run's latest.json as it was.
const FULL = FIGURES.every((f) => ONLY.includes(f)) && REPS === 5 && CONNS.join() === '1,8';
const RESULTS = path.join(__dirname, 'results', FULL ? 'latest.json' : `latest-${ASKED.join('-')}.json`);

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
  const mountebank = WITH_MOUNTEBANK ? {} : { skipped: true };
  if (WITH_MOUNTEBANK) {
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
    conns: CONNS,
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
    if (ONLY.includes('inproc')) rows.push(...(await require('./figures/in-process')(ctx)));
    if (ONLY.includes('struct')) rows.push(...(await require('./figures/struct')(ctx)));
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
