/** Exact text: `"text"` or `{ text: "..." }`, after `${var}` substitution. */
import { readTemplate } from '../../yaml/read-basics';
import { renderTemplate } from '../../spec/template';
import type { Matcher } from '../../spec/types';
import { describeNode, scalarString } from '../../yaml/yaml-source';
import { equalBytes, ExactExpectation } from '../exact';
import { literalBytes } from '../expected-bytes';
import type { MatcherKind } from '../kind';
import { safeRender } from '../render';
import { templateBytes } from '../template-bytes';

type TextMatcher = Extract<Matcher, { kind: 'text' }>;

export const text: MatcherKind<TextMatcher> = {
  spelling: '"text"',
  scalar: {
    // Any string no other form claims is exact text.
    rank: 100,
    claims: () => true,
    read(ctx, node, s) {
      const t = readTemplate(ctx, node, s);
      return t && { kind: 'text', text: t };
    },
  },
  map: {
    key: 'text',
    companions: [],
    read(ctx, fields) {
      const value = fields.get('text')!.value;
      const s = scalarString(value);
      if (s === undefined) {
        ctx.src.problem(value, `text: expects a string, found ${describeNode(value)}`);
        return undefined;
      }
      const t = readTemplate(ctx, value, s);
      return t && { kind: 'text', text: t };
    },
  },
  judgeUnit: (m, unit, isLine, vars) => equalBytes(Buffer.from(renderTemplate(m.text, vars), 'utf8'), unit, isLine),
  expectation: (m, vars) => new ExactExpectation(literalBytes(templateBytes(m.text, vars))),
  describe: (m, vars) => JSON.stringify(safeRender(m.text, vars)),
  captures: () => [],
  templates: (m) => [m.text],
  samples: ['+PONG\r\n', { text: 'eof' }, { text: '/not a regex/' }],
};
