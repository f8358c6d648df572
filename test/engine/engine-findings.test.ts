// Every rule id the engine writes into a finding itself (a `ruleId: …` outside rules/) is declared
// in src/engine/engine-findings.ts, with docs like a rule's: `--explain` and SARIF can describe it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENGINE_FINDINGS } from "../../src/engine/engine-findings.js";
import { ROOT } from "../e2e/helpers.js";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : entry.name.endsWith(".ts") ? [file] : [];
  });
}

describe("the engine's own findings", () => {
  it("each ruleId the engine sets is declared, by its constant", () => {
    const literal = /ruleId:\s*"([^"]+)"/g;
    const written = sourceFiles(path.join(ROOT, "src")).flatMap((file) =>
      [...fs.readFileSync(file, "utf8").matchAll(literal)].map((m) => `${path.relative(ROOT, file)}: ${m[1]}`),
    );
    // A string id would escape the declaration: the engine uses the declared constants.
    expect(written).toEqual([]);
    const uses = sourceFiles(path.join(ROOT, "src")).filter((file) =>
      /ruleId: (INTERRUPTED_RUN|MIGRATION_FAILED)\.id/.test(fs.readFileSync(file, "utf8")),
    );
    expect(uses.map((file) => path.relative(ROOT, file)).sort()).toEqual([
      "src/engine/doctor.ts",
      "src/engine/plan.ts",
    ]);
  });

  it.each(ENGINE_FINDINGS.map((finding) => [finding.id, finding]))(
    "%s: a category/what id, a title, docs with Bad and Good",
    (id, finding) => {
      expect(id).toMatch(/^[a-z]+\/[a-z-]+$/);
      expect(finding.category).toBe(id.split("/")[0]);
      expect(finding.title.length).toBeGreaterThan(10);
      expect(finding.docs).toMatch(/\nBad: [\s\S]*\nGood: /);
    },
  );
});
