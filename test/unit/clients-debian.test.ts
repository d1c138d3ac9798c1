/**
 * The specs of real clients from Debian (specs/clients/): each passes a plain
 * run and a modest fuzz run against its mock server. A spec whose program is
 * not installed is skipped, saying which Debian package provides it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseClientOption } from '../../src/clients';
import { fuzzSpecFile } from '../../src/fuzz/fuzz-spec';
import { findSpecFiles } from '../../src/run/discover';
import { runSpecFile } from '../../src/run/run-spec';
import { loadSpecFile } from '../../src/load/load';
import { TargetPool } from '../../src/targets/pool';
import { fixtureClients, fixtureProviders } from '../../fixtures';

jest.setTimeout(120_000);

const root = path.join(__dirname, '..', '..');
/** Caught by fuzzing on purpose: test/unit/clients.test.ts proves it. */
const BUGGY = new Set(['textbook-greeting.yaml']);
const PACKAGES: Record<string, string> = {
  'redis-cli': 'redis-tools',
  curl: 'curl',
  mosquitto_pub: 'mosquitto-clients',
  mosquitto_sub: 'mosquitto-clients',
  python3: 'python3',
  psql: 'postgresql-client',
  mariadb: 'mariadb-client',
  dig: 'bind9-dnsutils',
  kdig: 'knot-dnsutils',
  ldapsearch: 'ldap-utils',
};

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => {
    try {
      fs.accessSync(path.join(d, program), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const specs = findSpecFiles([path.join(root, 'specs', 'clients')])
  .filter((f) => !BUGGY.has(path.basename(f)))
  .map((file) => {
    const program = loadSpecFile(file).client!.command![0]!.source;
    return { file: path.relative(root, file), program, installed: onPath(program) };
  });
for (const s of specs.filter((s) => !s.installed))
  console.warn(`skipping ${s.file}: ${s.program} is not installed (Debian package ${PACKAGES[s.program] ?? '?'})`);

const pool = new TargetPool({ servers: fixtureProviders, clients: fixtureClients });
afterAll(() => pool.stopAll());

it('has a spec for each real client the project tests', () => {
  expect(specs.map((s) => s.program).sort()).toEqual(
    expect.arrayContaining([
      ...['curl', 'mosquitto_pub', 'mosquitto_sub', 'python3', 'redis-cli'],
      ...['psql', 'mariadb', 'dig', 'kdig', 'ldapsearch'],
    ]),
  );
  expect(specs.filter((s) => s.program === 'curl')).toHaveLength(3);
  // psql-query.yaml and psql-ssl-injection.yaml (CVE-2021-23222)
  expect(specs.filter((s) => s.program === 'psql')).toHaveLength(2);
});

(onPath('curl') ? it : it.skip)('fails the curl spec for a curl that prints something else', async () => {
  const r = await runSpecFile(path.join(root, 'specs', 'clients', 'curl-content-length.yaml'), {
    pool,
    client: parseClientOption('curl --silent --output /dev/null http://{host}:{port}/greeting'),
  });
  expect(r.status).toBe('failed');
  expect(r.failure!.message).toContain(
    'printed other output: stdout expects exactly "Hallo Client!\\nfrom a Content-Length body\\n", it printed ""',
  );
});

describe.each(specs.map((s) => [s.file, s] as const))('%s', (_file, s) => {
  const test = s.installed ? it : it.skip;

  test('passes tcpspec run', async () => {
    const r = await runSpecFile(path.join(root, s.file), { pool });
    expect(r.failure?.message).toBeUndefined();
    expect(r.status).toBe('passed');
  });

  test('passes tcpspec fuzz', async () => {
    const r = await fuzzSpecFile(path.join(root, s.file), { pool, runs: 8, seed: 1 });
    expect(r.failure ? `${r.failure.words}: ${r.failure.error.message}` : r.error?.message).toBeUndefined();
    expect(r.status).toBe('passed');
  });
});
