/**
 * testcontainers reads these when it first talks to the engine. Ryuk is off
 * because it needs an image from a registry; so whoever starts a container
 * here must remove it (see registry.ts and sweep.ts). A user's own setting wins.
 */
export function configureTestcontainers(): void {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  // Containers publish on the engine's host; for a local engine that is loopback.
  if (!process.env.DOCKER_HOST || process.env.DOCKER_HOST.startsWith('unix:')) {
    process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  }
}
