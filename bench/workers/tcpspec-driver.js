'use strict';
/**
 * tcpspec's side of every figure, in its own process (so its peak RSS is its
 * own): the client role through runSpec, the server role through
 * listenAsServer (what `tcpspec serve` uses), bulk through runSpec, and
 * fuzzing through fuzzSpec.
 */
const { runSpec } = require('../../dist/src/run/run-spec');
const { listenAsServer } = require('../../dist/src/peer/server');
const { fuzzSpec } = require('../../dist/src/fuzz/fuzz-spec');
const { fuzzClient } = require('../../dist/src/jest/fuzz-client');
const { parseClientOption } = require('../../dist/src/clients/client-for-spec');
const { greet } = require('./greet-client');
const path = require('node:path');
const { serveCommands, peakRssMiB } = require('../lib/child');
const specs = require('../lib/specs');
const { separation, zeroPause } = require('../lib/fuzz-breakdown');
const { sharedSockDiag } = require('../../dist/src/fuzz/delivery/sock-diag');
const fs = require('node:fs');
const net = require('node:net');

const cache = new Map();
function cached(key, make) {
  if (!cache.has(key)) cache.set(key, make());
  return cache.get(key);
}

function check(result) {
  if (!result.ok) throw new Error(`${result.name}: ${result.failure ? result.failure.message : result.status}`);
}

const servers = new Map();

serveCommands({
  /** `conns` copies of the ping spec at once; resolves with the elapsed ms. */
  async pingpong({ port, conns, pairs }) {
    const spec = cached(`ping ${pairs}`, () => specs.pingClientSpec(pairs));
    const target = { host: '127.0.0.1', port };
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: conns }, () => runSpec(spec, { target })));
    const ms = performance.now() - started;
    results.forEach(check);
    return { ms };
  },
  /** Starts a mock server for `connections` connections of `pairs` round trips; resolves with its port. */
  async serve({ pairs, connections }) {
    const peer = await listenAsServer(specs.pongServerSpec(pairs, connections));
    servers.set(peer.address.port, peer);
    return { port: peer.address.port };
  },
  /** Waits for the mock server on `port` to finish and checks every conversation passed. */
  async served({ port }) {
    const peer = servers.get(port);
    const outcome = await peer.conversations;
    peer.close();
    servers.delete(port);
    if (outcome.acceptFailure) throw outcome.acceptFailure;
    const failed = outcome.conversations.find((c) => c.failure);
    if (failed) throw failed.failure;
    return { conversations: outcome.conversations.length };
  },
  async bulk({ port, times }) {
    const spec = cached(`bulk ${times}`, () => specs.bulkSpec(times));
    const started = performance.now();
    const result = await runSpec(spec, { target: { host: '127.0.0.1', port } });
    const ms = performance.now() - started;
    check(result);
    return { ms };
  },
  /**
   * The greeting client fuzzed `runs` cases (plus the plain run): `how` is
   * 'function' (fuzzClient calls greet in this process) or 'command' (a Node
   * process per case); resolves with cases and ms.
   */
  async fuzzGreetClient({ runs, seed, how }) {
    const spec = cached('greet', () => specs.greetServerSpec());
    const started = performance.now();
    const client = parseClientOption(`${process.execPath} ${path.join(__dirname, 'greet-client.js')} {host} {port}`);
    const result =
      how === 'function' ? await fuzzClient(spec, greet, { runs, seed }) : await fuzzSpec(spec, { runs, seed, client });
    const ms = performance.now() - started;
    if (!result.ok) throw new Error(`${how}: ${result.failure ? result.failure.error.message : result.error.message}`);
    return { cases: result.runs, ms };
  },
  /** One fuzzSpec of `runs` generated cases (plus the plain run) with `delivery` ('auto' or 'timed'); resolves with cases, ms and the mode used. */
  async fuzz({ port, runs, seed, delivery }) {
    const spec = specs.fuzzSpecOf(seed);
    const started = performance.now();
    const result = await fuzzSpec(spec, { target: { host: '127.0.0.1', port }, runs, seed, delivery });
    const ms = performance.now() - started;
    if (!result.ok) throw new Error(`fuzz failed: ${result.failure ? result.failure.words + ': ' + result.failure.error.message : result.error.message}`);
    return { ms, cases: result.runs, mode: result.delivery.mode, why: result.delivery.why ?? null };
  },
  async zeroPause({ port, cases, seed }) {
    return zeroPause(specs.fuzzSpecOf(seed), { host: '127.0.0.1', port }, cases, seed);
  },
  async separation({ port, cases, seed, delivery }) {
    return separation(specs.fuzzSpecOf(seed), { host: '127.0.0.1', port }, cases, seed, delivery);
  },
  /**
   * The cost of one look at a socket: `n` exact sock_diag lookups of an open
   * connection to `port`, against `n` reads of /proc/net/tcp (what a binding
   * without netlink would parse); resolves with lookups per second of each.
   */
  async lookups({ port, n }) {
    const diag = sharedSockDiag();
    if (typeof diag === 'string') throw new Error(diag);
    const socket = await new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
      s.once('error', reject);
    });
    const other = { localAddress: '127.0.0.1', localPort: port, remoteAddress: socket.localAddress, remotePort: socket.localPort };
    let started = performance.now();
    for (let i = 0; i < n; i++) if (!diag.lookup(other)) throw new Error('lookup found no socket');
    const diagMs = performance.now() - started;
    const procN = Math.max(1, Math.round(n / 100));
    started = performance.now();
    for (let i = 0; i < procN; i++) fs.readFileSync('/proc/net/tcp', 'latin1').split('\n');
    const procMs = performance.now() - started;
    socket.destroy();
    return { diagPerS: (n * 1000) / diagMs, procPerS: (procN * 1000) / procMs };
  },
  rss: () => ({ peakMiB: peakRssMiB() }),
});
