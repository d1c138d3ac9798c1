#!/usr/bin/env node
'use strict';
// The compiled CLI lives in dist/ (built by `npm install` through the `prepare` script).
let cli;
try {
  cli = require('../dist/src/cli/main.js');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('tcpspec: the compiled CLI is missing; run `npm install` (or `npm run build`) in the tcpspec folder first\n');
    process.exit(2);
  }
  throw err;
}
cli.runAsProcess(process.argv.slice(2));
