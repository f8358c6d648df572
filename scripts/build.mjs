// Builds everything `npm install` needs: the bundled CLI (commands split into lazily loaded
// chunks), the library bundle, its type declarations, and the report's JSON Schema.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
process.chdir(root);
fs.rmSync("dist", { recursive: true, force: true });

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  logLevel: "warning",
  // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow; its "module" is ESM.
  mainFields: ["module", "main"],
  define: { __CLAWDIA_VERSION__: JSON.stringify(pkg.version) },
  // Bundled CommonJS packages (proper-lockfile) call require() for Node's own modules.
  banner: { js: "import { createRequire as __clawdiaRequire } from 'node:module'; const require = __clawdiaRequire(import.meta.url);" },
};

await build({
  ...common,
  entryPoints: { main: "src/cli/main.ts" },
  outdir: "dist/cli",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
});
await build({ ...common, entryPoints: { index: "src/index.ts" }, outdir: "dist/lib" });

// The JSON Schema of `doctor --json`, generated from the zod definition so the two cannot drift.
await build({ ...common, entryPoints: { "json-schema": "src/report/json-schema.ts" }, outdir: "dist/tools" });
const { reportJsonSchema } = await import(pathToFileURL(path.join(root, "dist/tools/json-schema.js")).href);
fs.mkdirSync("schema", { recursive: true });
fs.writeFileSync("schema/report.schema.json", JSON.stringify(reportJsonSchema(), null, 2) + "\n");
fs.rmSync("dist/tools", { recursive: true, force: true });

execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { stdio: "inherit" });
