// The version, baked in at build time (scripts/build.mjs); "dev" when run from source in tests.
declare const __CLAWDIA_VERSION__: string | undefined;

export const VERSION: string = typeof __CLAWDIA_VERSION__ === "string" ? __CLAWDIA_VERSION__ : "0.0.0-dev";
