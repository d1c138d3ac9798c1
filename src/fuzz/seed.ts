/** Where a fuzz seed comes from: the flag, the environment, the spec, or the clock (printed, so it can be replayed). */
import { SeedInvalidError } from '../errors';

export const SEED_ENV = 'TCPSPEC_SEED';

export function chooseSeed(
  flag: number | undefined,
  specSeed: number | undefined,
  env: NodeJS.ProcessEnv = process.env,
): number {
  if (flag !== undefined) return flag;
  const fromEnv = env[SEED_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^-?\d+$/.test(fromEnv)) throw new SeedInvalidError(SEED_ENV, fromEnv);
    return Number(fromEnv) | 0;
  }
  if (specSeed !== undefined) return specSeed;
  // Not Math.random: any seed works, and it is printed with every run.
  return Number(process.hrtime.bigint() % 2_147_483_647n);
}
