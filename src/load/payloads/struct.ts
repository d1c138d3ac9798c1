/** `send: { struct: [...] }`: a binary message written field by field, its lengths computed when sent (src/struct/). */
import { readStruct, structTemplates } from '../../struct/read-fields';
import type { PayloadKind, PayloadOf } from './kind';

export const struct: PayloadKind<PayloadOf<'struct'>> = {
  maps: [
    {
      key: 'struct',
      companions: [],
      read(ctx, fields) {
        const pair = fields.get('struct')!;
        const list = readStruct(ctx, pair.value ?? pair.key, 'send');
        return list && { kind: 'struct', fields: list };
      },
    },
  ],
  templates: (p) => structTemplates(p.fields),
  samples: [
    {
      struct: [
        { u32be: { length: 'rest', includes_self: true } },
        { u32be: 196608 },
        { cstring: 'user' },
        { cstring: 'alice' },
        { u8: 0 },
      ],
    },
    {
      struct: [
        { u8: 0x30 },
        { varint: { length: 'rest' } },
        { bytes: { repeat: 'a', times: 3 } },
        { bytes: { base64: 'AAEC' } },
      ],
    },
    {
      struct: [
        { name: 'n', u16le: { length: 'body', adjust: -1 } },
        { name: 'body', struct: [{ hex: '01' }] },
      ],
    },
  ],
};
