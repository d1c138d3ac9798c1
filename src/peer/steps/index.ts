/**
 * The one table of step players: how the peer plays each kind. The compiler
 * asks for a line here for every member of the `Step` union; the loader's
 * side of a kind lives in src/load/steps/ (see its README).
 */
import type { StepKind } from '../../spec/types';
import { playAccept } from './accept';
import { playClose } from './close';
import { playConnect } from './connect';
import { playExpect } from './expect';
import type { StepPlayer } from './play';
import { playReset } from './reset';
import { playSend } from './send';
import { playShutdown } from './shutdown';
import { playSilence } from './silence';
import { playSleep } from './sleep';
import { playStarttls } from './starttls';

export const STEP_PLAYERS: { readonly [K in StepKind]: StepPlayer<K> } = {
  send: playSend,
  expect: playExpect,
  silence: playSilence,
  sleep: playSleep,
  shutdown: playShutdown,
  close: playClose,
  reset: playReset,
  connect: playConnect,
  accept: playAccept,
  starttls: playStarttls,
};

export type { BytesWait, Play, StepPlayer } from './play';
