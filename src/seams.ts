// Test seams: the clock, the platform and crash points. Production reads the real ones; only a test preload
// (test/support/seams.mjs, loaded with `node --import`) can set the global below, so nothing a user
// types, no flag and no environment variable on its own can trip them.

interface TestSeams {
  now?: () => number;
  platform?: NodeJS.Platform;
  /** The crash point at which the process kills itself (crash-safety tests). */
  crashAt?: string;
  /** Makes every JSON edit drop its file's last closing brace: a stand-in for a bug in the edit code. */
  breakJsonEdits?: boolean;
  /** Makes redacting a file's text take this long in one synchronous call: a stand-in for any long redaction. */
  busyRedactionMs?: number;
}

function seams(): TestSeams | undefined {
  return (globalThis as Record<symbol, TestSeams | undefined>)[Symbol.for("clawdia.test-seams")];
}

export function now(): number {
  return seams()?.now?.() ?? Date.now();
}

export function currentPlatform(): NodeJS.Platform {
  return seams()?.platform ?? process.platform;
}

/**
 * A named step of a write transaction. In crash-safety tests the process SIGKILLs itself here, as a
 * power cut or an OOM kill would stop it: no cleanup, no finally blocks.
 */
export function crashPoint(name: string): void {
  if (seams()?.crashAt === name) process.kill(process.pid, "SIGKILL");
}

/** The text an edit produced, broken on purpose in the tests that prove a bad edit is never written. */
export function editedText(text: string): string {
  return seams()?.breakJsonEdits ? text.replace(/\}\s*$/, "") : text;
}

/** In the interrupt tests, holds the thread in one synchronous call, as a long redaction would. */
export function busyRedaction(): void {
  const ms = seams()?.busyRedactionMs;
  if (!ms) return;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: nothing else runs on this thread meanwhile
  }
}
