import { provision } from '../../src/containers';
import { buildCli } from './cli-processes';

/**
 * Makes a Docker engine available and builds every image under docker/
 * (docker/provision.sh). Fails the run with the script's own message, which
 * says what to do, when no engine can be had. Also builds dist/ for the
 * tests that run the CLI as a process.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  // Once, before any test: test files that ran the CLI while another rebuilt dist/ read half-written files.
  await buildCli();
  const log = await provision();
  process.stdout.write(`\n${log}\n[containers] provisioned in ${Date.now() - started}ms\n`);
  // Test workers inherit this and skip running provision.sh again.
  process.env.TCPSPEC_PROVISIONED = '1';
}
