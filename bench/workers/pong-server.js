'use strict';
/**
 * The minimal hand-written servers: `pong` answers every "\n"-ended line with
 * "pong\n" (several pings in one read get several pongs), `echo` writes back
 * what it reads, with backpressure. Loopback only; prints nothing.
 */
const net = require('node:net');
const { serveCommands } = require('../lib/child');

const mode = process.argv[2] === 'echo' ? 'echo' : 'pong';
const PONG = Buffer.from('pong\n');

function pong(socket) {
  socket.on('data', (chunk) => {
    let n = 0;
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) n++;
    if (n === 1) socket.write(PONG);
    else if (n > 1) socket.write(Buffer.from('pong\n'.repeat(n)));
  });
  socket.on('end', () => socket.end());
}

function echo(socket) {
  socket.pipe(socket);
}

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on('error', () => socket.destroy());
  (mode === 'echo' ? echo : pong)(socket);
});
server.listen({ host: '127.0.0.1', port: 0 }, () => {
  serveCommands({}, { port: server.address().port });
});
