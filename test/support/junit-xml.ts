/** Reads a JUnit report the way a CI system would: well-formed XML first, then the shape our tests assert on. */
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';

export interface JUnitProblem {
  readonly type: string;
  readonly message: string;
  readonly '#text': string;
}

export interface JUnitCase {
  readonly name: string;
  readonly classname: string;
  readonly file?: string;
  readonly line?: string;
  readonly time: string;
  readonly failure?: JUnitProblem;
  readonly error?: JUnitProblem;
  readonly 'system-out'?: string;
}

export interface JUnitSuite {
  readonly name: string;
  readonly testcase: readonly JUnitCase[];
}

export interface JUnitDoc {
  readonly testsuites: {
    readonly name: string;
    readonly tests: string;
    readonly failures: string;
    readonly errors: string;
    readonly time: string;
    readonly timestamp: string;
    readonly testsuite: readonly JUnitSuite[];
  };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

/** Throws (with the validator's line and column) unless `xml` is well-formed; then parses it. */
export function parseJUnit(xml: string): JUnitDoc {
  SyntaxValidator.validate(xml);
  return parser.parse(xml) as JUnitDoc;
}

/** The code points XML 1.0 forbids, even as character references, found in `xml` (as `U+XXXX`). */
export function forbiddenXmlChars(xml: string): string[] {
  const found: string[] = [];
  const forbidden = (code: number): boolean => code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
  for (const ch of xml) {
    const code = ch.codePointAt(0)!;
    if (forbidden(code)) found.push(`U+${code.toString(16).padStart(4, '0')}`);
  }
  for (const m of xml.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const ref = m[1]!;
    const code = ref.startsWith('x') ? parseInt(ref.slice(1), 16) : parseInt(ref, 10);
    if (forbidden(code)) found.push(m[0]);
  }
  return found;
}
