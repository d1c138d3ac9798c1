'use strict';
/**
 * The client under test of the in-process figure, as a command: says HELLO
 * to HOST PORT, reads the one-line greeting across any number of reads,
 * closes. `greet` is the same code the in-process contender calls.
 */
const net = require('node:net');

async function greet({ host, port }) {
  const socket = net.connect(port, host);
  try {
    socket.write('HELLO\n');
    let reply = '';
    for await (const chunk of socket) {
      reply += chunk.toString('utf8');
      if (reply.includes('\n')) break;
    }
    if (reply !== 'WELCOME to the mock\n') throw new Error(`greeted with ${JSON.stringify(reply)}`);
  } finally {
    socket.end();
  }
}

if (require.main === module) {
  greet({ host: process.argv[2], port: Number(process.argv[3]) }).catch((err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  });
}

module.exports = { greet };
