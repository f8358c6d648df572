// Test seams: the clock and the platform. Production reads the real ones; only a test preload
// (test/support/seams.mjs, loaded with `node --import`) can set the global below, so nothing a user
// types, no flag and no environment variable on its own can trip them.

interface TestSeams {
  now?: () => number;
  platform?: NodeJS.Platform;
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
