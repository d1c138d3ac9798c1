import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { findSpecFiles } from '../../src/run/discover';

const root = path.join(__dirname, '..', '..');
const schema = JSON.parse(fs.readFileSync(path.join(root, 'schema', 'tcpspec.schema.json'), 'utf8')) as object;
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
