/** `send:` writes a payload (text, hex, base64, a file, a repeat). */
import { readPayload } from '../read-values';
import type { Payload, Template } from '../../spec/types';
import type { StepDefinition } from './kind';

function payloadTemplates(p: Payload): Template[] {
  return p.kind === 'bytes' ? [] : [p.text];
}

export const send: StepDefinition<'send'> = {
  bare: false,
  read(ctx, _value, at) {
    const payload = readPayload(ctx, at.node);
    return payload && { payload };
  },
  effect: 'writes',
  templates: (step) => payloadTemplates(step.payload),
  fields: { payload: true },
  samples: [{ send: 'PING\r\n' }, { send: { hex: '00 ff' }, fuzz: false }, { send: { repeat: 'ab', times: 3 } }],
};
