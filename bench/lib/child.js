'use strict';
/**
 * Worker processes of the benchmark, driven over IPC: each worker announces
 * itself with { type: 'ready', ... }, then answers { id, cmd, args } with
 * { id, ok, result | error }. Every wait here is bounded.
 */
const { fork } = require('node:child_process');
const path = require('node:path');

const workers = new Set();

/** Forks bench/workers/NAME.js and resolves with { child, info } once it is ready (or rejects after `ms`). */
function startWorker(name, args = [], ms = 30_000) {
  const child = fork(path.join(__dirname, '..', 'workers', `${name}.js`), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  workers.add(child);
  child.once('exit', () => workers.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`worker ${name} not ready after ${ms}ms`)), ms);
    const fail = (err) => {
      clearTimeout(timer);
      child.kill();
      reject(err);
    };
    child.once('exit', (code) => fail(new Error(`worker ${name} exited (${code}) before it was ready`)));
    child.once('message', (m) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.once('exit', () => workers.delete(child));
      if (m && m.type === 'ready') resolve({ child, info: m, call: caller(child, name) });
      else fail(new Error(`worker ${name} said ${JSON.stringify(m)} instead of ready`));
    });
  });
}

function caller(child, name) {
  let next = 0;
  const pending = new Map();
  child.on('message', (m) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${name}: ${m.error}`));
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`worker ${name} exited (${code}) during a command`));
    }
    pending.clear();
  });
  /** Sends a command; rejects when the worker does not answer within `ms`. */
  return (cmd, args = {}, ms = 120_000) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`worker ${name}: "${cmd}" got no answer within ${ms}ms`));
      }, ms);
      pending.set(id, { resolve, reject, timer });
      child.send({ id, cmd, args });
    });
}

/** Stops every worker this process started. */
function stopWorkers() {
  for (const child of workers) child.kill();
  workers.clear();
}

/** Worker side: announce readiness and answer commands with `handlers[cmd](args)`. */
function serveCommands(handlers, readyInfo = {}) {
  process.on('message', async (m) => {
    try {
      const handler = handlers[m.cmd];
      if (!handler) throw new Error(`unknown command ${m.cmd}`);
      process.send({ id: m.id, ok: true, result: await handler(m.args) });
    } catch (err) {
      process.send({ id: m.id, ok: false, error: err && err.stack ? err.stack : String(err) });
    }
  });
  // The parent went away: nothing left to serve.
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', ...readyInfo });
}

/** Peak resident set size of this process in MiB (from the kernel's high-water mark). */
function peakRssMiB() {
  return process.resourceUsage().maxRSS / 1024;
}

module.exports = { startWorker, stopWorkers, serveCommands, peakRssMiB };
