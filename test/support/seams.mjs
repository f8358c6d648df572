// Test preload (node --import): sets the clock, platform and crash-point seams from the environment.
// Production never loads this file, so the seams cannot be tripped by accident.
const now = process.env.CLAWDIA_TEST_NOW;
const platform = process.env.CLAWDIA_TEST_PLATFORM;
globalThis[Symbol.for("clawdia.test-seams")] = {
  now: now ? () => Number(now) : undefined,
  platform: platform || undefined,
  crashAt: process.env.CLAWDIA_TEST_CRASH_AT || undefined,
  breakJsonEdits: process.env.CLAWDIA_TEST_BREAK_JSON_EDITS === "1",
  busyRedactionMs: Number(process.env.CLAWDIA_TEST_BUSY_REDACTION_MS) || undefined,
};
