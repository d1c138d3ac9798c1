/** Clients under test for `role: server` specs: commands and embedded clients, started, bounded, judged. */
export { chooseClient, clientVars, parseClientOption } from './client-for-spec';
export type { ChosenClient, ClientCommandLine } from './client-for-spec';
export { commandClient } from './command-client';
export { embeddedClient } from './embedded-client';
export { ClientFailedError, ClientStartError } from './errors';
export { describeOutcome } from './describe';
export { judgeClient } from './judge';
export { killAllClients, runningClientCount } from './processes';
export type { ClientLauncher, ClientOutcome, RunningClient } from './types';
export { shellWord, splitWords } from './words';
