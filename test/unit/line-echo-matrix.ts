/** A matrix over the embedded line-echo fixture and two of its buggy twins, written to a fresh folder. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ONE_LINE =
  'name: echoes one line\ntarget: line-echo\ntimeout: 2s\nsteps:\n  - send: "ping\\n"\n  - expect: "ping\\n"\n  - close\n';
export const PIPELINED =
  'name: echoes two lines sent in one write\ntarget: line-echo\ntimeout: 500ms\nsteps:\n  - send: "a\\r\\nb\\r\\n"\n  - expect: "a\\n"\n  - expect: "b\\n"\n  - close\n';

export const MATRIX = `# line-echo and two buggy twins
specs: specs
implementations:
  line-echo: { target: line-echo }
  first-line-only:
    target: buggy-first-line-only
    expect_fail: { pipelined.yaml: "answers only the first line of a read" }
  read-is-line:
    target: buggy-read-is-line
    expect_fail: { one-line.yaml: "said to fail, but one line per read is what it handles" }
`;

/** `DIR/specs/{one-line,pipelined}.yaml` and `DIR/line-echo.matrix.yaml`; returns DIR. */
export function writeLineEchoMatrix(matrix = MATRIX): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-matrix-'));
  fs.mkdirSync(path.join(dir, 'specs'));
  fs.writeFileSync(path.join(dir, 'specs', 'one-line.yaml'), ONE_LINE);
  fs.writeFileSync(path.join(dir, 'specs', 'pipelined.yaml'), PIPELINED);
  fs.writeFileSync(path.join(dir, 'line-echo.matrix.yaml'), matrix);
  return dir;
}
