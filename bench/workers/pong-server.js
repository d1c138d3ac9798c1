'use strict';
/**
 * The minimal hand-written servers: `pong` answers every "\n"-ended line with
 * "pong\n" (several pings in one read get several pongs), `echo` writes back
 * what it reads, with backpressure. In `pong` mode it also counts its reads:
 * per connection (by the client's port) the stream offset at which each read
 * ended, handed over by the `reads` command. Loopback only; prints nothing.
 */
const net = require('node:net');
const { serveCommands } = require('../lib/child');

const mode = process.argv[2] === 'echo' ? 'echo' : 'pong';
const PONG = Buffer.from('pong\n');

/** client port → offsets at which reads ended, for connections not yet asked about. */
const reads = new Map();

function pong(socket) {
  const ends = [];
  let offset = 0;
  reads.set(socket.remotePort, ends);
  socket.on('data', (chunk) => {
    offset += chunk.length;
    ends.push(offset);
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
  serveCommands(
    {
      /** The read ends of each connection from `ports` (then forgotten); missing ones as null. */
      reads({ ports }) {
        const out = ports.map((p) => reads.get(p) ?? null);
        for (const p of ports) reads.delete(p);
        return { ends: out };
      },
    },
    { port: server.address().port },
  );
});
