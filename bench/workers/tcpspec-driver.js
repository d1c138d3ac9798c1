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
const { serveCommands, peakRssMiB } = require('../lib/child');
const specs = require('../lib/specs');
const { fuzzBreakdown } = require('../lib/fuzz-breakdown');

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
  /** One fuzzSpec of `runs` generated cases (plus the plain run); resolves with cases and ms. */
  async fuzz({ port, runs, seed }) {
    const spec = specs.fuzzSpecOf(seed);
    const started = performance.now();
    const result = await fuzzSpec(spec, { target: { host: '127.0.0.1', port }, runs, seed });
    const ms = performance.now() - started;
    if (!result.ok) throw new Error(`fuzz failed: ${result.failure ? result.failure.words + ': ' + result.failure.error.message : result.error.message}`);
    return { ms, cases: result.runs };
  },
  async fuzzBreakdown({ port, cases, seed }) {
    return fuzzBreakdown(specs.fuzzSpecOf(seed), { host: '127.0.0.1', port }, cases, seed);
  },
  rss: () => ({ peakMiB: peakRssMiB() }),
});
