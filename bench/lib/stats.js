'use strict';
/** Medians and spreads of repeated measurements. */

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** { median, min, max, samples } of `xs`. */
function summarize(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), samples: xs };
}

/** A number with about three significant digits. */
function fmt(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** "median (min–max)". */
function fmtSummary(s) {
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

module.exports = { median, summarize, fmt, fmtSummary };
