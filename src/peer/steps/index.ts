/** The one table of step kinds: each kind's player. A new step kind is one module and one line here. */
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
