/** `accept: NAME` (server role) waits for the next client and names its connection. */
import type { StepDefinition } from './kind';
import { readConnectionName } from './values';

export const accept: StepDefinition<'accept'> = {
  bare: false,
  read(ctx, _value, at) {
    const name = readConnectionName(ctx, at.node, at.index, 'accept');
    return name === undefined ? undefined : { name };
  },
  opens: (step) => step.name,
  onlyIn: {
    role: 'server',
    problem: (step) =>
      `accept: waits for a client to connect, which only happens with "role: server"; in the client role open another connection with connect: ${step.name}`,
  },
  check: (_step, around) =>
    around.connectionsLine === undefined
      ? undefined
      : `accept: cannot be combined with connections: (line ${around.connectionsLine}); use connections: N for N independent plays of the steps, or accept: NAME for one conversation with several clients`,
  effect: 'other',
  fields: { name: true },
  samples: [{ accept: 'second' }, { accept: 'b', timeout: '10s' }],
};
