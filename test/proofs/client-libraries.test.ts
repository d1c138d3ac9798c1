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
import { loadSpecText } from '../../src/spec/load';
import type { Spec } from '../../src/spec/types';
import { ioredisClient } from './libraries/ioredis-client';
import { mqttClient } from './libraries/mqtt-client';

jest.setTimeout(600_000);

const RUNS = 200;
const SEED = 20261205;

/** A library spec, plain or with `tls: true` added (the mock's own self-signed localhost certificate). */
function librarySpec(name: string, tls: boolean): Spec {
  const file = path.join(__dirname, 'libraries', `${name}.yaml`);
  const text = fs.readFileSync(file, 'utf8');
  return loadSpecText(file, tls ? `tls: true\n${text}` : text);
}

const libraries: [string, (tls: boolean) => ClientFunction, { tls: boolean }][] = [
  ['ioredis', ioredisClient, { tls: true }],
  ['mqtt', mqttClient, { tls: true }],
];

describe.each(libraries)('%s', (name, client, supports) => {
  const modes = supports.tls ? [false, true] : [false];
  it.each(modes)(`reads every reply of ${RUNS} fuzzed cases (tls: %s)`, async (tls) => {
    const result = await fuzzClient(librarySpec(name, tls), client(tls), { runs: RUNS, seed: SEED });
    if (result.status !== 'passed') throw new Error(humanReport(result));
    expect(result.runs).toBe(RUNS + 1);
  });
});
