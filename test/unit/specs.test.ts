/**
 * Every spec under specs/ that runs against an embedded fixture is also a jest
 * test (the container specs run in the `containers` project).
 */
import * as path from 'node:path';
import { findSpecFiles } from '../../src/run/discover';
import { runSpecFile } from '../../src/run/run-spec';
import { TargetPool } from '../../src/targets/pool';
import { fixtureClients, fixtureProviders } from '../../fixtures';

const root = path.join(__dirname, '..', '..');
const folders = ['seeds', 'fixtures'].map((f) => path.join(root, 'specs', f));
const files = findSpecFiles(folders).map((f) => path.relative(root, f));

const pool = new TargetPool({ servers: fixtureProviders, clients: fixtureClients });
afterAll(() => pool.stopAll());

describe('specs on embedded fixtures pass', () => {
  it.each(files.map((f) => [f]))('%s', async (file) => {
    const r = await runSpecFile(path.join(root, file), { pool });
    expect(r.failure?.message ?? 'passed').toBe('passed');
    expect(r.status).toBe('passed');
  });
});
