// docs/rules.md and docs/migrations.md are generated from the code (scripts/docs/render-docs.ts):
// the committed files must be what the code renders now, or they tell users something it no longer does.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DOCS_COMMAND, renderDocs } from "../scripts/docs/render-docs.js";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("generated docs", () => {
  it.each(Object.entries(renderDocs()))("%s is up to date", (file, rendered) => {
    const committed = fs.existsSync(path.join(ROOT, file)) ? fs.readFileSync(path.join(ROOT, file), "utf8") : "";
    expect(committed === rendered, `${file} is stale: run \`${DOCS_COMMAND}\` and commit the result`).toBe(true);
  });
});
