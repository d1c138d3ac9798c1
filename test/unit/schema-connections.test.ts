import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { compileSpecSchema } from '../support/spec-schema';

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'tcpspec.schema.json'), 'utf8'),
) as object;
const validate = compileSpecSchema(schema);

describe('the JSON Schema knows several connections, TLS and starttls', () => {
  it('accepts connect, accept, on:, fuzz: false, starttls and top-level tls', () => {
    const client: unknown = parse(`
name: c
tls: { servername: mail.test, verify: true, ca: certs/ca.pem, alpn: [h2], min_version: TLSv1.2 }
steps:
  - connect: pub
  - connect: { name: other, target: "127.0.0.1:1", tls: false }
  - on: pub
    send: "STARTTLS\\r\\nNOOP\\r\\n"
    fuzz: false
  - on: other
    starttls:
  - starttls: { max_version: TLSv1.3 }
  - on: pub
    close:
`);
    expect(validate(client) ? [] : validate.errors).toEqual([]);
    const server = {
      name: 's',
      role: 'server',
      tls: true,
      steps: [{ accept: 'b' }, 'starttls', { on: 'b', expect: 'x' }],
    };
    expect(validate(server) ? [] : validate.errors).toEqual([]);
  });

  it.each([
    ['an unknown TLS version', { name: 'x', tls: { min_version: 'TLSv1.4' }, steps: ['close'] }],
    ['an unknown TLS key', { name: 'x', tls: { sni: 'a' }, steps: ['close'] }],
    ['a connect without a name', { name: 'x', steps: [{ connect: { target: 'a:1' } }] }],
    ['on: on a connect', { name: 'x', steps: [{ connect: 'b', on: 'main' }] }],
    ['fuzz: false on an expect', { name: 'x', steps: [{ expect: 'a', fuzz: false }] }],
    ['a connection name with a space', { name: 'x', steps: [{ accept: 'two words' }] }],
  ])('rejects %s', (_what, doc) => {
    expect(validate(doc)).toBe(false);
  });
});
