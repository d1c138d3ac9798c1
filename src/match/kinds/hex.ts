/** Exact bytes written as hex: `{ hex: "0a ff 00" }`. */
import { hexPairs } from '../../bytes';
import { readHex } from '../../yaml/read-basics';
import type { Matcher } from '../../spec/types';
import { equalBytes, ExactExpectation } from '../exact';
import { literalBytes } from '../expected-bytes';
import type { MatcherKind } from '../kind';

type HexMatcher = Extract<Matcher, { kind: 'hex' }>;

export const hex: MatcherKind<HexMatcher> = {
  spelling: '{ hex }',
  map: {
    key: 'hex',
    companions: [],
    read(ctx, fields) {
      const bytes = readHex(ctx, fields.get('hex')!.value);
      return bytes && { kind: 'hex', bytes };
    },
  },
  judgeUnit: (m, unit, isLine) => equalBytes(m.bytes, unit, isLine),
  expectation: (m) => new ExactExpectation(literalBytes(m.bytes)),
  describe: (m) => `hex ${hexPairs(m.bytes)}`,
  captures: () => [],
  templates: () => [],
  samples: [{ hex: '00 ff' }, { hex: '0aFF00' }],
};
