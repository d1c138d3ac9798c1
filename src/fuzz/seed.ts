/** Where a fuzz seed comes from: the flag, the environment, the spec, or the clock (printed, so it can be replayed). */
import { ErrorCode, TcpspecError } from '../errors';
import { seedInvalidMessage } from '../report/messages/input-messages';

/** A fuzz seed from the environment (`TCPSPEC_SEED`) that is not a whole number. */
export class SeedInvalidError extends TcpspecError {
  readonly code = ErrorCode.SeedInvalid;
  readonly exitStatus = 2 as const;
  constructor(
    /** Where the seed came from, e.g. `TCPSPEC_SEED`. */
    readonly source: string,
    readonly value: string,
  ) {
    super(seedInvalidMessage(source, value));
  }
}

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
