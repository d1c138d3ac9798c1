/**
 * The HTML report: one self-contained file (CSS and script inline, a
 * Content-Security-Policy that forbids every fetch), so it opens from a CI
 * artifact with no network. It shows the summary, the matrix grid (for
 * `matrix`), and per spec the conversation as the two sides' messages with
 * their time offsets (text and hex), the failing step with what was expected
 * and what was received, and for fuzzing the shrunk case in words and its
 * replay command. The page's template, style and script are files beside
 * this module (copied into dist by the build).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatStepRef } from '../messages/where';
import type { Conversation } from '../../peer/client';
import { verdictLabel } from '../../verdict';
import type { TranscriptEvent } from '../../transcript/transcript';
import { SPLIT_EVENT } from '../../peer/outgoing';
import { markedHexDump, markedQuote } from './bytes-html';
import type { ByteMark } from './bytes-html';
import type { FailureDetail } from '../failure-detail';
import { reportedCase } from '../case-report';
import type { CaseReport } from '../case-report';
import { fileReporter } from '../file-reporter';
import { summaryLine } from '../human';
import { cellWords } from '../matrix-table';
import { notRunLine } from '../not-run';
import type { MatrixGrid, ReporterModule, RunEnd, RunInfo, SpecReport } from '../reporter';

/** Bytes of one message shown; the rest is counted. */
const MESSAGE_BYTES = 4096;
/** Events of one conversation shown; the rest is counted (the transcript files have them all). */
const EVENTS_SHOWN = 2000;

function asset(name: string): string {
  return fs.readFileSync(path.join(__dirname, name), 'utf8');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe inside HTML elements and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A stable id for a spec's section, so the grid can link to it. */
function anchorOf(r: SpecReport, n: number): string {
  const base = r.matrix ? `${r.matrix.implementation}--${r.matrix.spec}` : r.case.file;
  return `spec-${n}-${base.replace(/[^A-Za-z0-9_.-]+/g, '-')}`;
}

function ms(t: number): string {
  return `${t.toFixed(3)} ms`;
}

function connectionLabel(c: Conversation, i: number, count: number): string {
  const name = c.connection as unknown;
  if (typeof name === 'string') return name;
  if (typeof name === 'number') return `connection ${name}`;
  return count > 1 ? `connection ${i + 1}` : 'main';
}

/**
 * Where the failing step's bytes sit in the received stream of one
 * connection: the first differing byte (a mismatch) or the first unread
 * byte (a timeout, an early end), and the field a matcher named.
 */
interface FailingSpot {
  /** The lane (connection name) whose received stream it is in; '' for the only one. */
  readonly lane: string;
  /** The stream offset of the byte the step failed on. */
  readonly at: number;
  readonly what: string;
  readonly field?: { readonly start: number; readonly end: number; readonly label: string };
}

function failingSpotOf(f: FailureDetail | undefined): FailingSpot | undefined {
  if (!f?.received || f.receivedAt === undefined) return undefined;
  const lane = f.step?.connection ?? '';
  const field = f.field
    ? { start: f.receivedAt + f.field.start, end: f.receivedAt + f.field.end, label: f.field.label }
    : undefined;
  const at = f.receivedAt + (f.firstDifference ?? 0);
  const what =
    f.firstDifference !== undefined
      ? `first difference from the expected bytes: byte ${f.expectedDifference ?? f.firstDifference} of the expected message`
      : 'the first byte the failing step could not match';
  return { lane, at, what, ...(field ? { field } : {}) };
}

function message(
  e: Extract<TranscriptEvent, { type: 'sent' | 'received' }>,
  offset: number,
  spot: FailingSpot | undefined,
): string {
  const shown = e.bytes.subarray(0, MESSAGE_BYTES);
  const lost = e.size - shown.length;
  const who = `${e.connection !== undefined ? `[${e.connection}] ` : ''}${e.type === 'sent' ? 'tcpspec' : 'other side'}${e.tls ? ' (inside TLS)' : ''}`;
  const marks: ByteMark[] = [];
  if (spot?.field && spot.field.start < offset + e.size && spot.field.end > offset)
    marks.push({
      start: spot.field.start - offset,
      end: spot.field.end - offset,
      kind: 'field',
      title: spot.field.label,
    });
  const failing = spot !== undefined && spot.at >= offset && spot.at < offset + e.size;
  if (failing) marks.push({ start: spot.at - offset, end: spot.at - offset + 1, kind: 'diff', title: spot.what });
  const note = failing
    ? `<div class="failed-here">the failing step stopped in this message at byte ${spot.at} of the stream: ${esc(spot.what)}${spot.field ? `; field ${esc(spot.field.label)}` : ''}</div>`
    : '';
  return `<div class="msg ${e.type}${failing ? ' failing' : ''}"><div class="who"><span>${who}</span><span class="t">+${ms(e.t)}</span><span>${e.size} byte${e.size === 1 ? '' : 's'}</span></div>${note}<pre class="text">${markedQuote(shown, marks, MESSAGE_BYTES)}${lost > 0 ? esc(` …(${lost} more bytes)`) : ''}</pre><pre class="hex">${markedHexDump(shown, offset, marks, MESSAGE_BYTES)}</pre></div>`;
}

function conversationHtml(
  c: Conversation,
  label: string,
  stepLines: ReadonlyMap<number, number> | undefined,
  failure: FailureDetail | undefined,
): string {
  const out: string[] = [];
  // The failing step's bytes are marked in the conversation that failed.
  const spot = c.failure !== undefined && c.failure.code === failure?.code ? failingSpotOf(failure) : undefined;
  const lanes = new Set(c.transcript.events.map((e) => e.connection ?? ''));
  const spotLane = spot && (lanes.has(spot.lane) ? spot.lane : '');
  // A difference just past the last byte received (the message was short) marks the last message.
  let lastReceived = -1;
  // Offsets count per connection and direction.
  const offsets = new Map<string, number>();
  const events = c.transcript.events;
  for (const e of events.slice(0, EVENTS_SHOWN)) {
    const lane = e.connection !== undefined ? `[${e.connection}] ` : '';
    switch (e.type) {
      case 'sent':
      case 'received': {
        const key = `${e.connection ?? ''} ${e.type}`;
        const offset = offsets.get(key) ?? 0;
        const mine = e.type === 'received' && (e.connection ?? '') === spotLane;
        out.push(message(e, offset, mine ? spot : undefined));
        if (mine) lastReceived = out.length - 1;
        offsets.set(key, offset + e.size);
        break;
      }
      case 'step': {
        if (e.outcome === 'pass') break;
        const line = stepLines?.get(e.index);
        const words = `${lane}step ${e.index} (${e.kind})${line !== undefined ? ` line ${line}` : ''}${e.note ? ` “${e.note}”` : ''}`;
        out.push(
          `<div class="step${e.outcome === 'fail' ? ' fail' : ''}">+${ms(e.t)} · ${esc(words)}${e.outcome === 'fail' ? ' FAILED' : ''}</div>`,
        );
        break;
      }
      case 'event':
        // A cut a fuzz plan made between two pieces of one send: the bubbles on either side are one message.
        if (e.what.startsWith(SPLIT_EVENT))
          out.push(
            `<div class="cut" title="${esc(e.what)}"><span>✂ ${esc(lane)}split here by fuzzing${esc(e.what.slice(SPLIT_EVENT.length))}</span></div>`,
          );
        else out.push(`<div class="event">+${ms(e.t)} · ${esc(lane + e.what)}</div>`);
        break;
    }
  }
  if (spot && !out.some((h) => h.includes('class="msg received failing"')) && lastReceived >= 0)
    out[lastReceived] = out[lastReceived]!.replace('class="msg received"', 'class="msg received failing"');
  if (events.length > EVENTS_SHOWN) out.push(`<div class="event">… ${events.length - EVENTS_SHOWN} more events</div>`);
  const dropped = c.transcript.dropped > 0 ? ` (${c.transcript.dropped} bytes past the transcript limit not kept)` : '';
  return `<div class="conn-title">${esc(label)}${esc(dropped)}</div><div class="legend">left: sent by tcpspec · right: received from the other side · times since the connection began</div><div class="conversation">${out.join('')}</div>`;
}

function failureHtml(c: CaseReport): string {
  const f = c.failure;
  if (!f) return '';
  const rows: string[] = [];
  if (f.step) rows.push(`<dt>step</dt><dd>${esc(formatStepRef(f.step))}</dd>`);
  if (f.expected !== undefined) rows.push(`<dt>expected</dt><dd>${esc(f.expected)}</dd>`);
  if (f.received) {
    rows.push(
      `<dt>received</dt><dd>${esc(f.received.text)} (${f.received.size} byte${f.received.size === 1 ? '' : 's'}${f.received.truncated ? ', cut' : ''})</dd>`,
    );
  }
  if (f.field) rows.push(`<dt>field</dt><dd>${esc(f.field.label)} (bytes ${f.field.start} to ${f.field.end - 1})</dd>`);
  rows.push(`<dt>code</dt><dd>${esc(f.code)}</dd>`);
  const title = f.step
    ? `The failing step: step ${f.step.index} (${f.step.kind}), line ${f.step.line}`
    : 'Why it failed';
  return `<div class="failure"><h3>${esc(title)}</h3><pre>${esc(f.message)}</pre><dl>${rows.join('')}</dl>${compareHtml(f)}</div>`;
}

/** Expected and received in hex side by side, the first differing byte (and a named field) marked in each. */
function compareHtml(f: FailureDetail): string {
  if (!f.received) return '';
  const received = Buffer.from(f.received.hex.replace(/ /g, ''), 'hex');
  const base = f.receivedAt ?? 0;
  const receivedMarks: ByteMark[] = [];
  if (f.field) receivedMarks.push({ ...f.field, kind: 'field', title: f.field.label });
  if (f.firstDifference !== undefined)
    receivedMarks.push({
      start: f.firstDifference,
      end: f.firstDifference + 1,
      kind: 'diff',
      title: 'the first byte that differs',
    });
  const column = (title: string, html: string): string =>
    `<div class="side"><div class="side-title">${esc(title)}</div><pre class="hexcmp">${html}</pre></div>`;
  const receivedCol = column(
    `received (${f.received.size} byte${f.received.size === 1 ? '' : 's'}, from byte ${base} of the stream)`,
    received.length > 0 ? markedHexDump(received, base, receivedMarks, MESSAGE_BYTES) : '(nothing)',
  );
  if (!f.expectedBytes) return `<div class="compare">${receivedCol}</div>`;
  const expected = Buffer.from(f.expectedBytes.hex.replace(/ /g, ''), 'hex');
  const d = f.expectedDifference;
  const expectedMarks: ByteMark[] =
    d !== undefined ? [{ start: d, end: d + 1, kind: 'diff', title: 'the first byte that differs' }] : [];
  const expectedCol = column(
    `expected (${f.expectedBytes.size} byte${f.expectedBytes.size === 1 ? '' : 's'}, from its first byte)`,
    markedHexDump(expected, 0, expectedMarks, MESSAGE_BYTES),
  );
  return `<div class="compare">${expectedCol}${receivedCol}</div>`;
}

/** How the client under test ended: its command, exit status, and the end of each stream it printed. */
function clientHtml(c: CaseReport): string {
  const client = c.client;
  if (!client) return '';
  const stream = (name: string, o: { size: number; tail: string; truncated: boolean }): string =>
    `<dt>${name}</dt><dd>${o.size === 0 ? '(nothing)' : `<pre>${o.truncated ? `… (${o.size} bytes in all, the end of it:)\n` : ''}${esc(o.tail)}</pre>`}</dd>`;
  return `<div class="client"><h3>The client under test</h3><dl><dt>command</dt><dd><code>${esc(client.command)}</code></dd><dt>ended</dt><dd>it ${esc(client.ended)}</dd>${stream('stdout', client.stdout)}${stream('stderr', client.stderr)}</dl></div>`;
}

function fuzzHtml(c: CaseReport): string {
  const fz = c.fuzz;
  if (!fz) return '';
  const fc = fz.failingCase;
  if (!fc) return `<div class="fuzz">${fz.runs} cases, seed ${fz.seed}: none failed</div>`;
  const what =
    fc.path === ''
      ? 'The plain exchange fails, before any reshaping.'
      : `${fc.flaky ? 'FLAKY (failed once, then passed when replayed). ' : ''}Smallest failing case: ${fc.words}.`;
  return `<div class="fuzz"><div>${esc(what)}</div><div>seed ${fz.seed}${fc.path !== '' ? `, path <code>${esc(fc.path)}</code>` : ''}, ${fz.runs} cases run</div><div class="replay"><span>replay:</span><code>${esc(fc.replay)}</code><button type="button" data-copy="${esc(fc.replay)}">copy</button></div></div>`;
}

function specHtml(r: SpecReport, n: number): string {
  const c = reportedCase(r);
  const raw = r.case;
  const cls = r.matrix?.outcome === 'expected-fail' ? 'expected-fail' : c.status;
  const badge = r.matrix?.outcome === 'expected-fail' ? 'EXPECTED FAIL' : verdictLabel(c.status);
  const impl = r.matrix ? `<span class="impl">${esc(r.matrix.implementation)}</span>` : '';
  const note =
    r.matrix?.reason !== undefined
      ? `<p class="name">${r.matrix.outcome === 'unexpected-pass' ? 'Unexpectedly passing: the matrix expects a failure' : 'Expected to fail'}: ${esc(r.matrix.reason)}</p>`
      : '';
  const notRun = raw.notRun.length > 0 ? `<div class="not-run">${esc(notRunLine(raw.notRun))}</div>` : '';
  const conversations = r.conversations
    .map((conv, i) =>
      conversationHtml(conv, connectionLabel(conv, i, r.conversations.length), r.stepLines, raw.failure),
    )
    .join('');
  const where =
    raw.address !== undefined
      ? `<p class="name">${esc(raw.role === 'server' ? 'listened on' : 'target')} ${esc(raw.address)}</p>`
      : '';
  const open = c.status !== 'passed' ? ' open' : '';
  const summary = [
    `<span class="badge ${cls}">${badge}</span>`,
    impl,
    `<span class="file">${esc(r.matrix?.spec ?? raw.file)}</span>`,
    `<span class="name">${esc(raw.name !== raw.file ? raw.name : '')}</span>`,
    `<span class="dur">${raw.durationMs} ms</span>`,
  ].join('');
  const body = [
    note,
    where,
    // An unexpected pass has no failure of its own to show: its note says why it counts as one.
    r.matrix?.outcome === 'unexpected-pass' ? '' : failureHtml(raw),
    fuzzHtml(raw),
    clientHtml(raw),
    notRun,
    conversations || '<p class="name">No conversation took place.</p>',
  ].join('');
  return `<details class="spec ${cls}" id="${anchorOf(r, n)}"${open}><summary>${summary}</summary><div class="body">${body}</div></details>`;
}

function gridHtml(grid: MatrixGrid, specs: readonly SpecReport[]): string {
  const anchors = new Map(specs.map((r, i) => [`${r.matrix?.implementation}\n${r.matrix?.spec}`, anchorOf(r, i + 1)]));
  const head = `<tr><th>spec</th>${grid.implementations.map((i) => `<th>${esc(i)}</th>`).join('')}</tr>`;
  const rows = grid.rows.map((row) => {
    const cells = grid.implementations.map((impl) => {
      const outcome = row.cells[impl];
      const link = anchors.get(`${impl}\n${row.spec}`);
      const words = esc(cellWords(outcome));
      return `<td class="cell-${outcome ?? 'none'}">${link ? `<a href="#${link}">${words}</a>` : words}</td>`;
    });
    return `<tr><td class="spec">${esc(row.spec)}</td>${cells.join('')}</tr>`;
  });
  return `<h2>Implementation matrix</h2><table class="grid">${head}${rows.join('')}</table>`;
}

/** The whole page as text. */
export function renderHtml(run: RunInfo, specs: readonly SpecReport[], end: RunEnd): string {
  const s = end.summary;
  const title = `tcpspec ${run.command}${run.matrixFile !== undefined ? ` ${run.matrixFile}` : ''}`;
  const counts = [
    `<div class="count pass"><b>${s.passed}</b>passed</div>`,
    `<div class="count fail"><b>${s.failed}</b>failed</div>`,
    ...(s.errors > 0 ? [`<div class="count error"><b>${s.errors}</b>unusable</div>`] : []),
    `<div class="count"><b>${end.exitStatus}</b>exit status</div>`,
  ];
  const shard = run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : '';
  const banner = end.interruptedBy
    ? `<div class="banner">Interrupted by ${esc(end.interruptedBy)}: everything started was stopped; ${end.notFinished.length} not finished${end.notFinished.length > 0 ? `: ${esc(end.notFinished.join(', '))}` : ''}.</div>`
    : '';
  const problems = end.problems.map((p) => `<div class="banner">${esc(p)}</div>`).join('');
  const body = `<header class="top"><h1>${esc(title)}</h1><span class="meta">tcpspec ${esc(run.version)} · started ${esc(run.startedAt.toISOString())} · ${end.durationMs} ms${esc(shard)}</span></header>
<main>
<div class="summary">${counts.join('')}</div>
<div class="closing">${esc(summaryLine(s))}</div>
${banner}${problems}
${end.matrix ? gridHtml(end.matrix, specs) : ''}
<h2>Specs</h2>
<div class="toolbar"><label><input type="checkbox" id="failures-only"> failures only</label><label><input type="checkbox" id="text-only"> hide hex</label></div>
${specs.map((r, i) => specHtml(r, i + 1)).join('\n')}
<footer>Written by tcpspec ${esc(run.version)}. This page is self-contained: it loads nothing from the network.</footer>
</main>`;
  return asset('template.html')
    .replace('{{title}}', () => esc(title))
    .replace('{{style}}', () => asset('report.css'))
    .replace('{{script}}', () => asset('report.js').replace(/<\/script/gi, '<\\/script'))
    .replace('{{body}}', () => body);
}

export const html: ReporterModule = {
  name: 'html',
  writesFile: true,
  create: ({ file }) => fileReporter(file, 'HTML', renderHtml),
};
