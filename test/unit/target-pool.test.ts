import { TargetStartError, TargetUnknownError } from '../../src/targets/errors';
import { runSpec } from '../../src/run/run-spec';
import { loadSpecText } from '../../src/load/load';
import { TargetPool } from '../../src/targets/pool';
import type { TargetProvider } from '../../src/targets/target';

const broken: TargetProvider = {
  name: 'broken',
  kind: 'fixture',
  description: 'a server whose start fails',
  start: () => Promise.reject(new Error('python3: not found')),
};
const pool = () => new TargetPool({ servers: [broken], clients: [] });
const spec = (target: string) => loadSpecText('specs/t.yaml', `name: t\ntarget: ${target}\nsteps:\n  - close\n`);

describe('named targets', () => {
  it('a target that fails to start is an unusable input (exit 2) naming the spec line and the reason', async () => {
    const r = await runSpec(spec('broken'), { pool: pool() });
    expect(r.status).toBe('error');
    expect(r.failure).toBeInstanceOf(TargetStartError);
    expect(r.failure!.message).toBe('specs/t.yaml:2:9: target "broken" could not be started: python3: not found');
  });

  it('a failed start is not cached: the next spec that asks tries again', async () => {
    let starts = 0;
    const flaky: TargetProvider = { ...broken, start: () => ((starts += 1), Promise.reject(new Error('busy'))) };
    const p = new TargetPool({ servers: [flaky], clients: [] });
    await runSpec(spec('broken'), { pool: p });
    await runSpec(spec('broken'), { pool: p });
    expect(starts).toBe(2);
  });

  it('an unknown name lists the known ones', async () => {
    const r = await runSpec(spec('nosuch'), { pool: pool() });
    expect(r.failure).toBeInstanceOf(TargetUnknownError);
    expect(r.failure!.message).toBe(
      'specs/t.yaml:2:9: unknown target "nosuch"; known targets: broken (or pass --target HOST:PORT)',
    );
  });
});
