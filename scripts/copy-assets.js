#!/usr/bin/env node
'use strict';
// tsc compiles only TypeScript: this copies the HTML report's template, style
// and script next to the compiled module that reads them (dist/src/report/html/).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const from = path.join(root, 'src', 'report', 'html');
const to = path.join(root, 'dist', 'src', 'report', 'html');
fs.mkdirSync(to, { recursive: true });
const assets = fs.readdirSync(from).filter((f) => /\.(html|css|js)$/.test(f));
for (const f of assets) fs.copyFileSync(path.join(from, f), path.join(to, f));
if (assets.length === 0) {
  process.stderr.write(`copy-assets: no report assets found in ${from}\n`);
  process.exit(1);
}
