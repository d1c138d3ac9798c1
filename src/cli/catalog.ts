/** The target pool the CLI's commands share: the one place that says which targets exist. */
import { TargetPool } from '../targets/pool';

export function newTargetPool(): TargetPool {
  return new TargetPool();
}
