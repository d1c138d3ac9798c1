/** Bytes as written: `send: { hex }`, `{ base64 }`, or `{ file }` (a file inside the spec collection, read at load time). */
import type { ReadContext } from '../../yaml/read-basics';
import { readBase64, readHex, readPayloadFile } from '../../yaml/read-basics';
import type { PayloadKind, PayloadMapForm, PayloadOf } from './kind';

type Bytes = PayloadOf<'bytes'>;

/** A map form `{ KEY: value }` whose value `read` turns into bytes. */
function bytesForm(
  key: Bytes['form'],
  read: (ctx: ReadContext, node: unknown) => Buffer | undefined,
): PayloadMapForm<Bytes> {
  return {
    key,
    companions: [],
    read(ctx, fields) {
      const bytes = read(ctx, fields.get(key)!.value);
      return bytes && { kind: 'bytes', bytes, form: key };
    },
  };
}

export const bytes: PayloadKind<Bytes> = {
  maps: [bytesForm('hex', readHex), bytesForm('base64', readBase64), bytesForm('file', readPayloadFile)],
  templates: () => [],
  samples: [{ hex: '00 ff' }, { base64: 'AAEC' }],
};
