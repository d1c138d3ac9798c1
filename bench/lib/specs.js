'use strict';
/** The specs the benchmark plays, generated as YAML text and loaded with tcpspec's own loader. */
const path = require('node:path');
const { loadSpecText } = require('../../dist/src/load/load');

const FILE = path.join(__dirname, '..', 'generated.yaml');

function load(name, text) {
  return loadSpecText(FILE.replace('generated', name), text);
}

/** Client role: `pairs` round trips of "ping\n" → "pong\n", then close. */
function pingClientSpec(pairs) {
  const lines = ['name: bench ping client', 'timeout: 30s', 'steps:'];
  for (let i = 0; i < pairs; i++) lines.push('  - send: "ping\\n"', '  - expect: "pong\\n"');
  lines.push('  - close');
  return load('ping-client', lines.join('\n'));
}

/** Server role: per connection `pairs` round trips of "ping\n" → "pong\n", then the client's FIN, for `connections` connections. */
function pongServerSpec(pairs, connections) {
  const lines = ['name: bench pong server', 'role: server', 'timeout: 60s', `connections: ${connections}`, 'steps:'];
  for (let i = 0; i < pairs; i++) lines.push('  - expect: "ping\\n"', '  - send: "pong\\n"');
  lines.push('  - expect: eof', '  - close');
  return load('pong-server', lines.join('\n'));
}

/** The 1 KiB unit the bulk figure repeats. */
const BULK_UNIT = '0123456789abcdef'.repeat(63) + 'ABCDEFGHIJKLMNO\n';

/** Bulk: `times` units sent and the same expected back from an echo server, streamed. */
function bulkSpec(times) {
  return load(
    'bulk',
    [
      'name: bench bulk echo',
      'timeout: 60s',
      'steps:',
      `  - send: { repeat: "${BULK_UNIT.replace('\n', '\\n')}", times: ${times} }`,
      `  - expect: { repeat: "${BULK_UNIT.replace('\n', '\\n')}", times: ${times} }`,
      '  - close',
    ].join('\n'),
  );
}

/** A small spec for fuzzing against the pong server: lines, a two-line send, a regex. */
function fuzzSpecOf(seed) {
  return load(
    'fuzz',
    [
      'name: bench fuzz ping',
      'timeout: 5s',
      `fuzz: { seed: ${seed} }`,
      'steps:',
      '  - send: "ping 1\\n"',
      '  - expect: "pong\\n"',
      '  - send: "ping 2\\nping 3\\n"',
      '  - expect: "pong\\npong\\n"',
      '  - send: "ping 4\\n"',
      '  - expect: /pong/',
      '  - close',
    ].join('\n'),
  );
}

module.exports = { pingClientSpec, pongServerSpec, bulkSpec, fuzzSpecOf, BULK_UNIT };
