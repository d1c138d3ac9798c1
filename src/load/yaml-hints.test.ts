import { randomBytes } from 'node:crypto';
import { SpecError } from '../yaml/spec-error';
import { loadSpecText } from './load';

function problemsOf(text: string): string[] {
  try {
    loadSpecText('specs/x.yaml', text);
  } catch (err) {
    if (err instanceof SpecError) return err.message.split('\n');
    throw err;
  }
  return [];
}

describe('bad input as a new user meets it', () => {
  it('answers a file of binary garbage with one short message naming FILE:LINE:COL, never the bytes', () => {
    // A fixed seed's worth of garbage would do too; any 3,000 random bytes must give the same kind of answer.
    const garbage = randomBytes(3000).toString('latin1');
    const problems = problemsOf(garbage);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^specs\/x\.yaml:\d+:\d+: /);
    expect(problems[0]!.length).toBeLessThan(200);
  });

  it('quotes only a prefix of a long bad value', () => {
    const [problem] = problemsOf(`${'A'.repeat(3000)}\n`);
    expect(problem).toMatch(/^specs\/x\.yaml:1:1: .*"A{40}"…\(2960 more characters\)/);
    expect(problem!.length).toBeLessThan(300);
  });

  it('says to quote a regex with [ inside a flow map, in one message instead of the parser errors', () => {
    const problems = problemsOf(
      'name: x\ntarget: echo\nsteps:\n  - expect: { until: /^$/, each: /^[A-Za-z-]+: .*/ }\n',
    );
    expect(problems).toEqual([
      'specs/x.yaml:4:34: invalid YAML: the regex /^[A-Za-z-]+: .*/ stands unquoted inside a flow map { … }, ' +
        `where YAML reads its [ ] { } , and ": " as syntax; quote it: '/^[A-Za-z-]+: .*/' (or write the map as an indented block)`,
    ]);
  });

  it('loads the same matcher once the regex is quoted as the message says', () => {
    const spec = loadSpecText(
      'specs/x.yaml',
      "name: x\ntarget: echo\nsteps:\n  - expect: { until: /^$/, each: '/^[A-Za-z-]+: .*/' }\n",
    );
    expect(spec.steps[0]).toMatchObject({ kind: 'expect', matcher: { kind: 'until', each: { kind: 'regex' } } });
  });
});
