import { COLOUR, formatResult, PLAIN, styleFor } from './human';
import type { SpecResult } from '../run/run-spec';

const stream = (isTTY: boolean) => ({ isTTY });
const result: SpecResult = {
  file: 'specs/a.yaml',
  name: 'a',
  status: 'passed',
  ok: true,
  durationMs: 3,
  conversations: [],
};

describe('human report colour', () => {
  const saved = process.env.NO_COLOR;
  afterEach(() => {
    if (saved === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = saved;
  });

  it('colours output on a terminal', () => {
    delete process.env.NO_COLOR;
    expect(styleFor(stream(true))).toBe(COLOUR);
    expect(formatResult(result, styleFor(stream(true)))).toContain('\x1b[32mPASS\x1b[39m');
  });

  it('never colours output that is not a terminal (a pipe, a CI log)', () => {
    delete process.env.NO_COLOR;
    expect(styleFor(stream(false))).toBe(PLAIN);
    expect(formatResult(result, styleFor(stream(false)))).not.toContain('\x1b');
  });

  it('never colours when NO_COLOR is set, even on a terminal', () => {
    process.env.NO_COLOR = '1';
    expect(styleFor(stream(true))).toBe(PLAIN);
  });

  it('colours on a terminal when NO_COLOR is set but empty, as no-color.org says', () => {
    process.env.NO_COLOR = '';
    expect(styleFor(stream(true))).toBe(COLOUR);
  });
});
