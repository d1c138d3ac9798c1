/** `send: { repeat: TEXT, times: N }`: the text N times, streamed (a 1 GiB send is never built whole). */
import { readRepeat } from '../../yaml/read-basics';
import type { PayloadKind, PayloadOf } from './kind';

export const repeat: PayloadKind<PayloadOf<'repeat'>> = {
  maps: [
    {
      key: 'repeat',
      companions: ['times'],
      read(ctx, fields) {
        const r = readRepeat(ctx, fields, 'send');
        return r && { kind: 'repeat', ...r };
      },
    },
  ],
  templates: (p) => [p.text],
  samples: [{ repeat: 'ab', times: 3 }],
};
