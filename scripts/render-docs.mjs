// `npm run docs`: writes docs/rules.md and docs/migrations.md from the code (scripts/docs/render-docs.ts,
// bundled with esbuild as the build bundles the CLI); `--check` writes nothing and exits 1 naming
// the files that are not what the code renders.
import { build } from "esbuild";
import { nodeEsm } from "./esbuild-options.mjs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const check = process.argv.includes("--check");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-docs-"));
try {
  await build({
    entryPoints: [path.join(root, "scripts/docs/render-docs.ts")],
    outfile: path.join(tmp, "render-docs.mjs"),
    ...nodeEsm,
  });
  const { renderDocs, DOCS_COMMAND } = await import(pathToFileURL(path.join(tmp, "render-docs.mjs")).href);
  const stale = [];
  for (const [file, text] of Object.entries(renderDocs())) {
    const target = path.join(root, file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    if (current === text) continue;
    stale.push(file);
    if (!check) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
  }
  if (check && stale.length) {
    console.error(
      `${stale.join(", ")} ${stale.length === 1 ? "is" : "are"} not what the code renders: run \`${DOCS_COMMAND}\``,
    );
    process.exitCode = 1;
  } else if (!check) console.log(stale.length ? `wrote ${stale.join(", ")}` : "docs are up to date");
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
