import { UsageError } from '../usage-error';
import { parseReporterOptions } from './reporter-options';

describe('--reporter and --output', () => {
  it('pairs each file reporter with the --output given for it, in order', () => {
    expect(parseReporterOptions(['junit', 'human', 'json'], ['r.xml', 'r.json'])).toEqual([
      { kind: 'junit', file: 'r.xml' },
      { kind: 'json', file: 'r.json' },
    ]);
  });

  it('accepts human alone, which writes no file', () => {
    expect(parseReporterOptions(['human'], [])).toEqual([]);
  });

  it.each([
    [['xml'], [], '--reporter expects one of human, junit, json, tap, html, found "xml"'],
    [['html'], [], '--reporter html needs 1 --output FILE, but 0 --output were given'],
    [['junit'], [], '--reporter junit needs 1 --output FILE, but 0 --output were given'],
    [[], ['r.xml'], 'no file reporter was chosen, but 1 --output was given'],
    [['junit', 'json'], ['r.out', 'r.out'], '--output r.out is given for two reporters'],
  ])('rejects %j with outputs %j', (reporters, outputs, message) => {
    expect(() => parseReporterOptions(reporters, outputs)).toThrow(UsageError);
    expect(() => parseReporterOptions(reporters, outputs)).toThrow(message);
  });
});
