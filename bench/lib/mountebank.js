'use strict';
/**
 * Mountebank as the third server in the server-role figure: installed into
 * bench/node_modules (bench/package.json), started on loopback with fixed high
 * ports, quiet (warn level, no log file), with one TCP imposter that answers
 * every request with "pong\n". Each failure says which step failed and why.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const BENCH = path.join(__dirname, '..');
const MB_BIN = path.join(BENCH, 'node_modules', 'mountebank', 'bin', 'mb');
const ADMIN_PORT = 42525;
const IMPOSTER_PORT = 42526;
const HOST = '127.0.0.1';

/** Installs bench's own dependencies when mountebank is missing; returns null or why it could not. */
function ensureInstalled(log) {
  if (fs.existsSync(MB_BIN)) return null;
  log('installing mountebank into bench/node_modules (npm install --prefix bench) …');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', BENCH, '--no-audit', '--no-fund'], { encoding: 'utf8', timeout: 300_000 });
  if (r.error) return `npm install --prefix bench failed to run: ${r.error.message}`;
  if (r.status !== 0) return `npm install --prefix bench exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' / ')}`;
  return fs.existsSync(MB_BIN) ? null : `npm install --prefix bench succeeded but ${path.relative(BENCH, MB_BIN)} is missing`;
}

function request(method, urlPath, body, ms) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { host: HOST, port: ADMIN_PORT, method, path: urlPath, timeout: ms, headers: data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ms}ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts mb and its imposter; resolves with { port, version, stop() } or rejects saying which step failed. */
async function startMountebank() {
  const pidfile = path.join(os.tmpdir(), `tcpspec-bench-mb-${process.pid}.pid`);
  const args = [MB_BIN, 'start', '--host', HOST, '--port', String(ADMIN_PORT), '--localOnly', '--loglevel', 'warn', '--nologfile', '--pidfile', pidfile];
  const mb = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  mb.stdout.on('data', (c) => (output += c));
  mb.stderr.on('data', (c) => (output += c));
  let exited = null;
  mb.once('exit', (code, signal) => (exited = signal || code));
  const stop = () => {
    if (exited === null) mb.kill();
    fs.rmSync(pidfile, { force: true });
  };
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (exited !== null) throw new Error(`mb exited (${exited}) while starting: ${output.trim() || 'no output'}`);
      const r = await request('GET', '/config', undefined, 1000).catch(() => null);
      if (r && r.status === 200) break;
      if (Date.now() > deadline) throw new Error(`mb did not answer on ${HOST}:${ADMIN_PORT} within 20s: ${output.trim() || 'no output'}`);
      await delay(200);
    }
    const version = JSON.parse((await request('GET', '/config', undefined, 5000)).text).version;
    const imposter = { protocol: 'tcp', port: IMPOSTER_PORT, host: HOST, mode: 'text', stubs: [{ responses: [{ is: { data: 'pong\n' } }] }] };
    const created = await request('POST', '/imposters', imposter, 5000);
    if (created.status !== 201) throw new Error(`creating the TCP imposter on ${HOST}:${IMPOSTER_PORT} answered ${created.status}: ${created.text.slice(0, 200)}`);
    return { port: IMPOSTER_PORT, version, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

module.exports = { ensureInstalled, startMountebank };
