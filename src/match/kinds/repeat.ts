/** A text repeated N times, compared as it arrives: `{ repeat: "ab", times: 1000000 }`. */
import { readRepeat } from '../../yaml/read-basics';
import type { Matcher } from '../../spec/types';
import { ExactExpectation } from '../exact';
import { repeatedBytes } from '../expected-bytes';
import type { MatcherKind } from '../kind';
import { safeRender } from '../render';
import { templateBytes } from '../template-bytes';

type RepeatMatcher = Extract<Matcher, { kind: 'repeat' }>;

export const repeat: MatcherKind<RepeatMatcher> = {
  spelling: '{ repeat, times }',
  map: {
    key: 'repeat',
    companions: ['times'],
    read(ctx, fields) {
      const r = readRepeat(ctx, fields, 'expect');
      return r && { kind: 'repeat', ...r };
    },
  },
  expectation: (m, vars) => new ExactExpectation(repeatedBytes(templateBytes(m.text, vars), m.times)),
  describe: (m, vars) => `${JSON.stringify(safeRender(m.text, vars))} × ${m.times}`,
  captures: () => [],
  templates: (m) => [m.text],
  samples: [{ repeat: 'ab', times: 3 }],
};
