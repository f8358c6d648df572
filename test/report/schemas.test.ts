// The schemas of the --json outputs: the hand-written output types are the schemas' types, the
// files under schema/ are what the schemas generate today, and every one is exported.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, expectTypeOf, test } from "vitest";
import type * as z from "zod";
import type { SupportBundleJson } from "../../src/bundle/manifest.js";
import type { AuthOrderJson } from "../../src/cli/auth-order-action.js";
import type { AuthCooldownJson } from "../../src/cli/cooldown-clear-action.js";
import type { RunHistoryJson } from "../../src/cli/history-list.js";
import type { MigrateJson } from "../../src/cli/migrate-action.js";
import type { RuleListing } from "../../src/cli/rule-docs.js";
import type { ModelsStatusJson } from "../../src/models/status-json.js";
import type { OnboardJson } from "../../src/onboard/summary.js";
import type { authCooldownSchema } from "../../src/report/schemas/auth-cooldown.js";
import type { authOrderSchema } from "../../src/report/schemas/auth-order.js";
import { OUTPUT_SCHEMAS, outputJsonSchemas } from "../../src/report/schemas/index.js";
import type { migrateSchema } from "../../src/report/schemas/migrate.js";
import type { modelsStatusSchema } from "../../src/report/schemas/models-status.js";
import type { onboardSchema } from "../../src/report/schemas/onboard.js";
import type { ruleListSchema } from "../../src/report/schemas/rule-list.js";
import type { runHistorySchema } from "../../src/report/schemas/run-history.js";
import type { supportBundleSchema } from "../../src/report/schemas/support-bundle.js";

const ROOT = path.join(import.meta.dirname, "../..");

test("each output's hand-written type is its schema's type", () => {
  expectTypeOf<ModelsStatusJson>().toEqualTypeOf<z.infer<typeof modelsStatusSchema>>();
  expectTypeOf<MigrateJson>().toEqualTypeOf<z.infer<typeof migrateSchema>>();
  expectTypeOf<SupportBundleJson>().toEqualTypeOf<z.infer<typeof supportBundleSchema>>();
  expectTypeOf<OnboardJson>().toEqualTypeOf<z.infer<typeof onboardSchema>>();
  expectTypeOf<RuleListing[]>().toEqualTypeOf<z.infer<typeof ruleListSchema>>();
  expectTypeOf<AuthOrderJson>().toEqualTypeOf<z.infer<typeof authOrderSchema>>();
  expectTypeOf<AuthCooldownJson>().toEqualTypeOf<z.infer<typeof authCooldownSchema>>();
  expectTypeOf<RunHistoryJson>().toEqualTypeOf<z.infer<typeof runHistorySchema>>();
});

describe("schema/", () => {
  const generated = outputJsonSchemas();

  // schema/ is written by the build (npm run build, npm pack): a file that differs is stale.
  test("holds exactly what the zod schemas generate", () => {
    const files = readdirSync(path.join(ROOT, "schema")).sort();
    expect(files).toEqual(
      Object.keys(generated)
        .map((name) => `${name}.schema.json`)
        .sort(),
    );
    for (const [name, schema] of Object.entries(generated)) {
      expect(readFileSync(path.join(ROOT, `schema/${name}.schema.json`), "utf8"), name).toBe(
        JSON.stringify(schema, null, 2) + "\n",
      );
    }
  });

  test("every file is exported as clawdia/schema/<name>.json and packed", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    for (const name of Object.keys(generated))
      expect(pkg.exports[`./schema/${name}.json`], name).toBe(`./schema/${name}.schema.json`);
    expect(pkg.files).toContain("schema");
  });

  test("each is draft 2020-12 with an id of its own, and describes every top-level field", () => {
    const ids = new Set<string>();
    for (const [name, schema] of Object.entries(generated) as [string, any][]) {
      expect(schema.$schema, name).toBe("https://json-schema.org/draft/2020-12/schema");
      expect(schema.$id, name).toMatch(/^https:\/\/clawdia\.dev\/schema\/[a-z-]+\.json$/);
      ids.add(schema.$id);
      expect(schema.title, name).toBeTruthy();
      const object = schema.type === "array" ? schema.items : schema;
      const undocumented = Object.entries(object.properties).filter(
        ([, field]: [string, any]) => !field.description && !field.$ref && field.type !== "array",
      );
      expect(undocumented.map(([field]) => `${name}: ${field}`).filter((field) => !KNOWN_PLAIN.has(field))).toEqual([]);
    }
    expect(ids.size).toBe(Object.keys(OUTPUT_SCHEMAS).length);
  });
});

/** Fields whose name says it all. */
const KNOWN_PLAIN = new Set([
  "rules: title",
  "rules: category",
  "rules: severity",
  "auth-order: provider",
  "history: runs",
]);

test("the CLI's modules never load zod (only zod/mini) nor a schema file", () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (
        file.endsWith(".ts") &&
        !file.includes(`${path.sep}report${path.sep}schemas${path.sep}`) &&
        !file.endsWith("json-schema.ts")
      ) {
        const source = readFileSync(file, "utf8");
        if (/(from\s+|import\(\s*)["'](zod|[^"']*\/schemas\/[^"']*|[^"']*json-schema\.js)["']/.test(source))
          offenders.push(path.relative(ROOT, file));
      }
    }
  };
  for (const dir of ["src", "rules", "migrations"]) walk(path.join(ROOT, dir));
  expect(offenders).toEqual([]);
});
