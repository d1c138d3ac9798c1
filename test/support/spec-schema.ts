import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';

/**
 * The spec schema compiled by ajv with its strict checks that would only
 * print a warning (types, tuples) made errors, so that a new such problem in
 * the schema fails the compile instead of printing into every run. The
 * schema's one union type (`vars:` values are a string, number or boolean)
 * is plain JSON Schema that editors read; ajv asks for it to be allowed by
 * name. (`required:` naming a property its parent declares is the schema's
 * way of telling step kinds apart, so strictRequired stays off.)
 */
export function compileSpecSchema(schema: object): ValidateFunction {
  return new Ajv({ allErrors: true, strictTypes: true, strictTuples: true, allowUnionTypes: true }).compile(schema);
}
