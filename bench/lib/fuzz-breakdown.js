'use strict';
/**
 * Where a fuzz case's time goes. The same plans fuzzSpec would generate (same
 * arbitrary, same seed) are each played twice through runSpec, the way
 * fuzzSpec plays a case: once as generated, once with every injected pause
 * set to zero (same cuts, same coalescing, same reads). The zero-pause time
 * is tcpspec's own work plus the kernel's and the pong server's; the pauses
 * the plan injected are also summed as they are handed out, as a cross-check.
 */
const fc = require('fast-check');
const { chunkPlanArbitrary } = require('../../dist/src/fuzz/arbitrary');
const { readShaperOf, sendPlanOf } = require('../../dist/src/fuzz/apply-plan');
const { SEPARATE_READ_GAP_MS } = require('../../dist/src/fuzz/timing');
const { runSpec } = require('../../dist/src/run/run-spec');
const { TargetPool } = require('../../dist/src/targets/pool');

function withoutPauses(plan) {
  return {
    sends: plan.sends.map((s) => ({ cuts: s.cuts, gapMs: 0 })),
    coalesce: plan.coalesce,
    reader: plan.reader ? { stallMs: 0, pauseMs: 0 } : null,
    shutdownDelayMs: 0,
  };
}

/** The peer options fuzzSpec builds for `plan`, wrapped to add up every pause they hand out. */
function countedPeer(plan, tally) {
  const send = sendPlanOf(plan);
  const reader = plan.reader ? readShaperOf(plan) : undefined;
  return {
    plan: {
      coalesceWithNext: send.coalesceWithNext,
      pieces(ordinal, length) {
        const pieces = send.pieces(ordinal, length);
        for (const p of pieces) tally.ms += p.pauseBefore;
        return pieces;
      },
      beforeShutdown() {
        const ms = send.beforeShutdown();
        tally.ms += ms;
        return ms;
      },
    },
    ...(reader
      ? {
          reader: {
            initialStall() {
              const ms = reader.initialStall();
              tally.ms += ms;
              return ms;
            },
            pauseAfterRead(size) {
              const ms = reader.pauseAfterRead(size);
              tally.ms += ms;
              return ms;
            },
          },
        }
      : {}),
  };
}

async function timedCase(spec, target, pool, plan, tally) {
  const started = performance.now();
  const result = await runSpec(spec, { target, pool, peer: countedPeer(plan, tally) });
  const ms = performance.now() - started;
  if (!result.ok) throw new Error(`fuzz case failed: ${result.failure ? result.failure.message : result.status}`);
  return ms;
}

/** Plays `cases` generated plans as generated and without pauses; resolves with summed times. */
async function fuzzBreakdown(spec, target, cases, seed) {
  const plans = fc.sample(chunkPlanArbitrary(spec, spec.fuzz, SEPARATE_READ_GAP_MS), { seed, numRuns: cases });
  const pool = new TargetPool();
  const injected = { ms: 0 };
  const ignored = { ms: 0 };
  let caseMs = 0;
  let zeroMs = 0;
  for (const plan of plans) {
    caseMs += await timedCase(spec, target, pool, plan, injected);
    zeroMs += await timedCase(spec, target, pool, withoutPauses(plan), ignored);
  }
  await pool.stopAll();
  return { cases: plans.length, caseMs, zeroMs, injectedMs: injected.ms };
}

module.exports = { fuzzBreakdown };
