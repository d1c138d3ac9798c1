/**
 * The names other modules have imported from here since the peer played one
 * connection: the fuzz↔peer seam (SendPlan, in ./send-plan) and the outcome
 * of a conversation (in ./conversation). New code imports those modules.
 */
export type { PieceDelivery, SendPlan } from './send-plan';
export type { StepsOutcome } from './conversation';
export { stepRef } from './conversation';
