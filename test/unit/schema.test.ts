import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { MATCHER_KINDS } from '../../src/match/registry';
import { findSpecFiles } from '../../src/run/discover';
import { loadSpecText } from '../../src/load/load';
import { PAYLOAD_KINDS } from '../../src/load/payloads/registry';
import { STEP_DEFINITIONS } from '../../src/load/steps/registry';
import type { Matcher, Payload } from '../../src/spec/types';

const root = path.join(__dirname, '..', '..');
/** The parts of the schema the tests look into by hand. */
interface Schema {
  definitions: { matcher: { oneOf: { required?: string[] }[] } };
}
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schema', 'tcpspec.schema.json'), 'utf8')) as Schema;
const validate = new Ajv({ allErrors: true }).compile(schema);

describe('the JSON Schema editors use', () => {
  it.each(findSpecFiles([path.join(root, 'specs')]).map((f) => [path.relative(root, f)]))('accepts %s', (file) => {
    const ok = validate(parse(fs.readFileSync(path.join(root, file), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each([
    ['a missing name', { steps: ['close'] }],
    ['an unknown step kind', { name: 'x', steps: [{ sned: 'x' }] }],
    ['two kinds in one step', { name: 'x', steps: [{ send: 'a', expect: 'b' }] }],
    ['a bad duration', { name: 'x', timeout: '5 parsecs', steps: ['close'] }],
    ['an unknown frame header', { name: 'x', steps: [{ expect: { frame: 'u24' } }] }],
    ['an unknown top-level key', { name: 'x', step: [] }],
    ['an empty any', { name: 'x', steps: [{ expect: { any: [] } }] }],
    ['any that is not a list', { name: 'x', steps: [{ expect: { any: 'a' } }] }],
    ['eof as an alternative inside until', { name: 'x', steps: [{ expect: { until: { any: ['.', 'eof'] } } }] }],
  ])('rejects %s', (_what, doc) => {
    expect(validate(doc)).toBe(false);
  });

  it('points every spec under specs/ at the schema for editor completion', () => {
    for (const file of findSpecFiles([path.join(root, 'specs')])) {
      const first = fs.readFileSync(file, 'utf8').split('\n')[0];
      const rel = path
        .relative(path.dirname(file), path.join(root, 'schema', 'tcpspec.schema.json'))
        .split(path.sep)
        .join('/');
      expect([path.relative(root, file), first]).toEqual([
        path.relative(root, file),
        `# yaml-language-server: $schema=${rel}`,
      ]);
    }
  });
});

describe('the JSON Schema knows every matcher kind in the registry', () => {
  const kinds = Object.entries(MATCHER_KINDS);
  const samples = kinds.flatMap(([kind, k]) => k.samples.map((sample) => [kind, sample] as const));
  const expectStep = (matcher: unknown): unknown => ({ name: 'x', steps: [{ expect: matcher }] });
  const loaded = (doc: unknown): Matcher => {
    const spec = loadSpecText('specs/sample.yaml', stringify(doc));
    return (spec.steps[0] as { matcher: Matcher }).matcher;
  };

  it.each(kinds)('%s has samples to check', (_kind, k) => {
    expect(k.samples.length).toBeGreaterThan(0);
  });

  it.each(samples)('%s: the loader reads %j as that kind and the schema accepts it', (kind, sample) => {
    expect(loaded(expectStep(sample)).kind).toBe(kind);
    validate(expectStep(sample));
    expect(validate.errors ?? []).toEqual([]);
  });

  it.each(kinds.filter(([, k]) => k.map).map(([kind, k]) => [kind, k.map!.key]))(
    '%s is its own alternative of the schema matcher, keyed by "%s"',
    (_kind, key) => {
      const alternatives = schema.definitions.matcher.oneOf.filter((alt) => alt.required?.includes(key));
      expect(alternatives).toHaveLength(1);
    },
  );

  it.each(samples.filter(([, sample]) => unitReadable(sample)))(
    '%s: %j read inside until by the loader is accepted there by the schema too',
    (_kind, sample) => {
      validate(expectStep({ until: sample }));
      expect(validate.errors ?? []).toEqual([]);
      validate(expectStep({ frame: 'u8', payload: sample }));
      expect(validate.errors ?? []).toEqual([]);
    },
  );

  /** Whether the loader takes `sample` inside until (the forms that judge one line). */
  function unitReadable(sample: unknown): boolean {
    try {
      loaded(expectStep({ until: sample }));
      return true;
    } catch {
      return false;
    }
  }

  it('checks the line forms too: some samples are readable inside until and some are not', () => {
    const readable = samples.filter(([, sample]) => unitReadable(sample)).map(([kind]) => kind);
    expect(new Set(readable)).toEqual(new Set(['text', 'hex', 'regex', 'bytes', 'any']));
  });
});

describe('the JSON Schema knows every step kind in the table', () => {
  const kinds = Object.entries(STEP_DEFINITIONS);
  const samples = kinds.flatMap(([kind, k]) =>
    k.samples.map((sample) => [kind, sample, k.onlyIn?.role ?? 'client'] as const),
  );

  it.each(kinds)('%s has samples to check', (_kind, k) => {
    expect(k.samples.length).toBeGreaterThan(0);
  });

  it.each(samples)('%s: the loader reads %j as that kind and the schema accepts it', (kind, sample, role) => {
    const doc = { name: 'x', role, steps: [sample] };
    expect(loadSpecText('specs/sample.yaml', stringify(doc)).steps[0]!.kind).toBe(kind);
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
  });
});

describe('the JSON Schema knows every payload kind in the table', () => {
  const kinds = Object.entries(PAYLOAD_KINDS);
  const samples = kinds.flatMap(([kind, k]) => k.samples.map((sample) => [kind, sample] as const));
  const sendStep = (payload: unknown): unknown => ({ name: 'x', steps: [{ send: payload }] });

  it.each(kinds)('%s has samples to check', (_kind, k) => {
    expect(k.samples.length).toBeGreaterThan(0);
  });

  it.each(samples)('%s: the loader reads %j as that kind and the schema accepts it', (kind, sample) => {
    const step = loadSpecText('specs/sample.yaml', stringify(sendStep(sample))).steps[0] as { payload: Payload };
    expect(step.payload.kind).toBe(kind);
    validate(sendStep(sample));
    expect(validate.errors ?? []).toEqual([]);
  });
});
