import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bound for docker/provision.sh: a first run installs the engine and builds every image. */
const PROVISION_TIMEOUT_MS = Number(process.env.TCPSPEC_PROVISION_TIMEOUT_MS ?? 15 * 60_000);

/** The folder holding provision.sh and one folder per image (TCPSPEC_DOCKER_DIR overrides). */
export function dockerDir(): string {
  if (process.env.TCPSPEC_DOCKER_DIR) return process.env.TCPSPEC_DOCKER_DIR;
  // from src/containers or dist/src/containers up to the package root
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'docker', 'provision.sh'))) return join(dir, 'docker');
  }
  throw new Error(`cannot find docker/provision.sh above ${__dirname}; set TCPSPEC_DOCKER_DIR`);
}

/**
 * Runs docker/provision.sh (engine, base image, image builds) with a bounded
 * time. Resolves with its log; rejects with the script's own message.
 */
export function provision(): Promise<string> {
  const script = join(dockerDir(), 'provision.sh');
  return new Promise((resolve, reject) => {
    execFile('bash', [script], { timeout: PROVISION_TIMEOUT_MS, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (!error) {
        resolve(output);
        return;
      }
      const why = error.killed
        ? `did not finish within ${PROVISION_TIMEOUT_MS}ms`
        : `failed (${error.message.split('\n')[0]})`;
      reject(new Error(`${script} ${why}:\n${output}`));
    });
  });
}

let provisioned: Promise<Record<string, string>> | undefined;

/**
 * The image tag of every docker/ folder, from the manifest provision.sh writes.
 * Runs provision.sh once per process first, unless TCPSPEC_PROVISIONED=1 says
 * a caller (the jest global setup) already did.
 */
export function imageTags(): Promise<Record<string, string>> {
  provisioned ??= (async () => {
    if (process.env.TCPSPEC_PROVISIONED !== '1') await provision();
    const manifest = join(dockerDir(), '.images.json');
    try {
      return JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>;
    } catch (error) {
      throw new Error(`cannot read the image manifest ${manifest} (run docker/provision.sh): ${String(error)}`, {
        cause: error,
      });
    }
  })();
  return provisioned;
}

/** The tag `tcpspec/<image>:<hash>` built from docker/<image>/. */
export async function imageTag(image: string): Promise<string> {
  const tag = (await imageTags())[image];
  if (!tag) throw new Error(`docker/.images.json has no image "${image}"; is docker/${image}/Dockerfile there?`);
  return tag;
}
