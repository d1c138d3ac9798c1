/** `send: "text with ${vars}"`: the text, UTF-8 encoded, with variables filled in when it is sent. */
import { readTemplate } from '../../yaml/read-basics';
import type { PayloadKind, PayloadOf } from './kind';

export const text: PayloadKind<PayloadOf<'text'>> = {
  scalar: (ctx, node, value) => {
    const t = readTemplate(ctx, node, value);
    return t && { kind: 'text', text: t };
  },
  maps: [],
  templates: (p) => [p.text],
  samples: ['PING\r\n', ''],
};
