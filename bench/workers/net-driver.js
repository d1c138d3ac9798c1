'use strict';
/**
 * The hand-written `net` clients the benchmark compares tcpspec with: the
 * least code that does the same job (connect, exchange, check the bytes,
 * close), with TCP_NODELAY like tcpspec's peer. Also the load generator for
 * the server-role figure.
 */
const net = require('node:net');
const { serveCommands, peakRssMiB } = require('../lib/child');
const { BULK_UNIT } = require('../lib/specs');

const PING = Buffer.from('ping\n');

function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves when the socket closed. */
function closed(socket) {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', resolve)));
}

/** One connection: `pairs` round trips of ping → pong (each reply checked), then a FIN and waiting for close. */
async function pingPong(port, pairs, deadline) {
  const socket = await connect(port);
  await new Promise((resolve, reject) => {
    let got = '';
    let left = pairs;
    const timer = setTimeout(() => reject(new Error(`ping-pong: ${left} replies missing after the deadline`)), deadline - Date.now());
    socket.on('data', (chunk) => {
      got += chunk.toString('latin1');
      while (got.length >= 5) {
        if (!got.startsWith('pong\n')) return reject(new Error(`ping-pong: unexpected reply ${JSON.stringify(got.slice(0, 20))}`));
        got = got.slice(5);
        left -= 1;
        if (left === 0) {
          clearTimeout(timer);
          return resolve();
        }
        socket.write(PING);
      }
    });
    socket.once('error', reject);
    socket.write(PING);
  });
  socket.end();
  await closed(socket);
}

/** Sends `times` bulk units and reads them back, comparing every byte; resolves when all came back and the socket closed. */
async function bulk(port, times) {
  const unit = Buffer.from(BULK_UNIT);
  const block = Buffer.alloc(unit.length * 64, unit);
  const total = unit.length * times;
  const socket = await connect(port);
  const received = new Promise((resolve, reject) => {
    let seen = 0;
    socket.on('data', (chunk) => {
      for (let i = 0; i < chunk.length; ) {
        const phase = (seen + i) % block.length;
        const n = Math.min(chunk.length - i, block.length - phase);
        if (Buffer.compare(chunk.subarray(i, i + n), block.subarray(phase, phase + n)) !== 0) return reject(new Error(`bulk: bytes differ near ${seen + i}`));
        i += n;
      }
      seen += chunk.length;
      if (seen >= total) resolve();
    });
    socket.once('error', reject);
  });
  for (let sent = 0; sent < total; ) {
    const n = Math.min(block.length, total - sent);
    sent += n;
    if (!socket.write(block.subarray(0, n))) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await received;
  socket.end();
  await closed(socket);
}

serveCommands({
  /** `conns` connections at once, each `pairs` round trips; resolves with the elapsed ms. */
  async pingpong({ port, conns, pairs }) {
    const started = performance.now();
    const deadline = Date.now() + 120_000;
    await Promise.all(Array.from({ length: conns }, () => pingPong(port, pairs, deadline)));
    return { ms: performance.now() - started };
  },
  async bulk({ port, times }) {
    const started = performance.now();
    await bulk(port, times);
    return { ms: performance.now() - started };
  },
  rss: () => ({ peakMiB: peakRssMiB() }),
});
