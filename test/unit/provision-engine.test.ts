/**
 * docker/provision.sh on a machine with no engine yet: it starts containerd
 * and dockerd itself, then builds the missing images side by side. The engine
 * here is a set of stand-in programs on PATH (a `docker` that answers once the
 * stand-in dockerd started, daemons that only sleep), so the script's own
 * control flow is what is tested, without touching the real engine.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = path.join(__dirname, '..', '..', 'docker', 'provision.sh');

/** Image folders the script finds missing; their build logs land in the real tmp dir, named after them. */
const IMAGES = [`probe-${process.pid}-a`, `probe-${process.pid}-b`];

let dir: string;
let state: string;

/** The pids the stand-in daemons wrote as they started. */
const daemonPids = (): number[] => {
  const file = path.join(state, 'pids');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-provision-'));
  state = path.join(dir, 'state');
  fs.mkdirSync(state);
});
afterEach(() => {
  // The stand-in daemons outlive the script, as the real ones must: end them here.
  for (const pid of daemonPids()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  for (const name of IMAGES) {
    fs.rmSync(path.join(os.tmpdir(), `tcpspec-build-${name}.log`), { force: true });
  }
});

/** Writes an executable stand-in for `name` into the stubs folder. */
function stub(bin: string, name: string, body: string): void {
  fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
}

/** A copy of provision.sh beside image folders `names`, and stand-ins for the engine's programs. */
function machineWithNoEngine(names: string[]): { script: string; bin: string } {
  const docker = path.join(dir, 'docker');
  fs.mkdirSync(docker);
  fs.copyFileSync(SCRIPT, path.join(docker, 'provision.sh'));
  for (const name of names) {
    fs.mkdirSync(path.join(docker, name));
    fs.writeFileSync(path.join(docker, name, 'Dockerfile'), `FROM debian:bookworm-slim\n# ${name}\n`);
  }
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const daemon = (flag: string): string =>
    `echo $$ >> "${state}/pids"; touch "${state}/${flag}"; exec sleep 120 </dev/null >/dev/null 2>&1`;
  stub(bin, 'containerd', daemon('containerd-up'));
  stub(bin, 'dockerd', daemon('dockerd-up'));
  stub(bin, 'ctr', `[ -f "${state}/containerd-up" ]`);
  stub(bin, 'pgrep', `[ -f "${state}/dockerd-up" ]`);
  // Never the real engine's daemons, whatever path the script takes.
  stub(bin, 'pkill', 'exit 0');
  // Root on Debian, as in CI: the script may install and start the engine.
  stub(bin, 'id', 'echo 0');
  stub(bin, 'apt-get', 'exit 0');
  stub(bin, 'mmdebstrap', 'exit 1');
  stub(
    bin,
    'docker',
    [
      `[ -f "${state}/dockerd-up" ] || exit 1`,
      'case "$1 ${2:-}" in',
      '  "image inspect") [ "$3" = debian:bookworm-slim ] ;;',
      `  "build "*) echo "$*" >> "${state}/builds"; sleep 0.2 ;;`,
      '  *) exit 0 ;;',
      'esac',
    ].join('\n'),
  );
  return { script: path.join(docker, 'provision.sh'), bin };
}

function provision(script: string, bin: string): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    TCPSPEC_ENGINE_WAIT: '10',
    TCPSPEC_PROVISION_LOCK: path.join(dir, 'lock'),
    TCPSPEC_DOCKERD_LOG: path.join(dir, 'dockerd.log'),
    TCPSPEC_CONTAINERD_LOG: path.join(dir, 'containerd.log'),
  };
  delete env.DOCKER_HOST;
  return new Promise((resolve) => {
    execFile('bash', [script], { env, timeout: 30_000 }, (error, _stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
        stderr,
        timedOut: !!error?.killed,
      });
    });
  });
}

it('starts the engine and then builds the missing images, without waiting on the daemons it started', async () => {
  const { script, bin } = machineWithNoEngine(IMAGES);
  const r = await provision(script, bin);
  // The daemons were once jobs of the script, and its wait for the image builds waited on them too.
  expect(r.timedOut).toBe(false);
  expect(r.stderr).toContain('engine: dockerd is up');
  expect(r.stderr).toContain('images (2 built)');
  expect(r.code).toBe(0);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'docker', '.images.json'), 'utf8')) as Record<
    string,
    string
  >;
  expect(Object.keys(manifest).sort()).toEqual(IMAGES);
  // dockerd and containerd outlive the script that started them.
  const pids = daemonPids();
  expect(pids).toHaveLength(2);
  for (const pid of pids) expect(() => process.kill(pid, 0)).not.toThrow();
}, 40_000);
