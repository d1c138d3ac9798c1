/** A client under test that would not start or ended wrong, in words (src/clients/errors.ts). */

export function clientStartMessage(where: string, command: readonly string[], reason: string): string {
  return `${where}: the client command ${JSON.stringify(command.join(' '))} could not be started: ${inWords(reason, command[0] ?? '')}`;
}

/** The system's error code for a program that would not start, in words. */
function inWords(code: string, program: string): string {
  const onPath = !program.includes('/');
  switch (code) {
    case 'ENOENT':
      return onPath
        ? `"${program}" was not found on PATH (ENOENT)`
        : `"${program}" does not exist, or the folder it runs in does not (ENOENT)`;
    case 'EACCES':
      return `"${program}" is not executable (EACCES: permission denied)`;
    default:
      return code;
  }
}

/** `ending` is how the client ended, in words (src/clients/describe.ts: its exit and the end of its output). */
export function clientFailedMessage(where: string, client: string, detail: string, ending: string): string {
  return `${where}: client ${JSON.stringify(client)} ${detail}\n${ending}`;
}
