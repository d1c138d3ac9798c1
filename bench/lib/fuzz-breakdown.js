'use strict';
/**
 * Fuzz cases outside fuzzSpec, for the figures that need to look inside them.
 * The plans are the ones fuzzSpec generates (same arbitrary, same seed).
 *
 * - zeroPause: every plan played through runSpec with nothing between the
 *   pieces (no delivery wait, no gap, no stall, no read pause, no shutdown
 *   delay): how fast cases go when only the wire and tcpspec's own work count.
 * - separation: every plan played with the given delivery, recording where in
 *   the byte stream each split's pieces end, and the local port, so the
 *   read-counting server can say which boundaries were also ends of its reads.
 */
const fc = require('fast-check');
const { chunkPlanArbitrary } = require('../../dist/src/fuzz/arbitrary');
const { readShaperOf, sendPlanOf } = require('../../dist/src/fuzz/apply-plan');
const { CaseDelivery, CONFIRM_CAP_MS } = require('../../dist/src/fuzz/delivery/delivery');
const { SEPARATE_READ_GAP_MS } = require('../../dist/src/fuzz/timing');
const { runSpec } = require('../../dist/src/run/run-spec');
const { TargetPool } = require('../../dist/src/targets/pool');

function plansOf(spec, cases, seed) {
  return fc.sample(chunkPlanArbitrary(spec, spec.fuzz), { seed, numRuns: cases });
}

function withoutPauses(plan) {
  return {
    ...plan,
    sends: plan.sends.map((s) => ({ cuts: s.cuts, gapMs: 0 })),
    reader: plan.reader ? { stallMs: 0, pauseMs: 0 } : null,
    shutdownDelayMs: 0,
  };
}

function check(result) {
  if (!result.ok) throw new Error(`fuzz case failed: ${result.failure ? result.failure.message : result.status}`);
}

/** The plans played back to back with zero pauses; resolves with { cases, ms }. */
async function zeroPause(spec, target, cases, seed) {
  const plans = plansOf(spec, cases, seed).map(withoutPauses);
  const pool = new TargetPool();
  const started = performance.now();
  for (const plan of plans) {
    const reader = readShaperOf(plan);
    check(await runSpec(spec, { target, pool, peer: { plan: sendPlanOf(plan), ...(reader ? { reader } : {}) } }));
  }
  const ms = performance.now() - started;
  await pool.stopAll();
  return { cases: plans.length, ms };
}

/** The plans played with `delivery` ('auto' or 'timed'); resolves with each case's local port and split boundaries. */
async function separation(spec, target, cases, seed, delivery) {
  const pool = new TargetPool();
  const out = [];
  let mode;
  for (const plan of plansOf(spec, cases, seed)) {
    const d = new CaseDelivery({ choice: delivery, gapMs: SEPARATE_READ_GAP_MS, capMs: CONFIRM_CAP_MS });
    const send = sendPlanOf(plan, d);
    const record = { port: 0, boundaries: [] };
    let offset = 0;
    const counted = {
      ...send,
      pieces(ordinal, length) {
        const pieces = send.pieces(ordinal, length);
        for (const p of pieces.slice(0, -1)) record.boundaries.push(offset + p.end);
        offset += length;
        return pieces;
      },
      deliveryOn(conn) {
        record.port = conn.socket.localPort;
        return send.deliveryOn(conn);
      },
    };
    const reader = readShaperOf(plan, d);
    check(await runSpec(spec, { target, pool, peer: { plan: counted, ...(reader ? { reader } : {}) } }));
    mode ??= d.report();
    out.push(record);
  }
  await pool.stopAll();
  return { cases: out, mode: mode.mode, why: mode.why ?? null };
}

module.exports = { zeroPause, separation };
