// The esbuild options every bundle of this project's TypeScript shares (the build's and `npm run docs`'s).
export const nodeEsm = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "warning",
  // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow; its "module" is ESM.
  mainFields: ["module", "main"],
  // Bundled CommonJS packages (proper-lockfile) call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __clawdiaRequire } from 'node:module'; const require = __clawdiaRequire(import.meta.url);",
  },
};
