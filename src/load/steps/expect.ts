/** `expect:` waits for bytes one of the matchers of src/match/ accepts. */
import { matcherCaptures, matcherTemplates, matcherWarnings, readMatcherNode } from '../../match/registry';
import type { StepDefinition } from './kind';

export const expect: StepDefinition<'expect'> = {
  bare: false,
  read(ctx, _value, at) {
    const matcher = readMatcherNode(ctx, at.node, 'stream');
    return matcher && { matcher };
  },
  effect: 'reads',
  templates: (step) => matcherTemplates(step.matcher),
  captures: (step) => matcherCaptures(step.matcher),
  warnings: (step) => matcherWarnings(step.matcher),
  fields: { matcher: true },
  samples: [{ expect: '+PONG\r\n' }, { expect: { until: '/250 .*/' }, timeout: '2s', note: 'the greeting' }],
};
