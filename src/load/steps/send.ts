/** `send:` writes a payload (text, hex, base64, a file, a repeat). */
import { payloadTemplates, readPayload } from '../payloads/registry';
import type { StepDefinition } from './kind';

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
