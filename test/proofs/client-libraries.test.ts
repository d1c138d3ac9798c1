/**
 * Real npm client libraries as clients under test, in process: each is
 * fuzzed with fuzzClient against a `role: server` spec of its protocol, in
 * plain TCP and, where the library speaks it, inside TLS. What each one does
 * with replies cut inside length fields and between messages is written
 * down in docs/client-library-findings.md, with the case counts asserted here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fuzzClient, humanReport } from '../../src/jest';
import type { ClientFunction } from '../../src/jest';
import { loadSpecText } from '../../src/load/load';
import type { Spec } from '../../src/spec/types';
import { ioredisClient } from './libraries/ioredis-client';
import { mqttClient } from './libraries/mqtt-client';
import { mysql2Client } from './libraries/mysql2-client';
import { pgClient } from './libraries/pg-client';

jest.setTimeout(600_000);

const RUNS = 200;
const SEED = 20261205;

/**
 * A library spec: `NAME.yaml`; inside TLS, `NAME-tls.yaml` where the
 * protocol upgrades in place (PostgreSQL's SSLRequest), else the same spec
 * with `tls: true` added (the mock's own self-signed localhost certificate).
 */
function librarySpec(name: string, tls: boolean): Spec {
  const own = path.join(__dirname, 'libraries', `${name}-tls.yaml`);
  const file = tls && fs.existsSync(own) ? own : path.join(__dirname, 'libraries', `${name}.yaml`);
  const text = fs.readFileSync(file, 'utf8');
  return loadSpecText(file, tls && file !== own ? `tls: true\n${text}` : text);
}

const libraries: [string, (tls: boolean) => ClientFunction, { tls: boolean }][] = [
  ['ioredis', ioredisClient, { tls: true }],
  ['mqtt', mqttClient, { tls: true }],
  ['pg', pgClient, { tls: true }],
  ['mysql2', mysql2Client, { tls: true }],
];

describe.each(libraries)('%s', (name, client, supports) => {
  const modes = supports.tls ? [false, true] : [false];
  it.each(modes)(`reads every reply of ${RUNS} fuzzed cases (tls: %s)`, async (tls) => {
    const result = await fuzzClient(librarySpec(name, tls), client(tls), { runs: RUNS, seed: SEED });
    if (result.status !== 'passed') throw new Error(humanReport(result));
    expect(result.runs).toBe(RUNS + 1);
  });
});
