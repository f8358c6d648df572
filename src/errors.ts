// Exit codes shared by every command (DESIGN.md §4) and the typed errors that carry them.

export const EXIT_USAGE = 64;
export const EXIT_INTERNAL = 70;

/** Bad usage: an unknown flag, rule, agent or a missing argument. Exit 64. */
export class UsageError extends Error {}

/** A clear, expected failure (a locked file, a refused input): its own exit code, no stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A command's change was dropped because its file changed on disk since it was read: planning again may succeed. */
export class ChangedSinceRead extends UserError {}
