// The migration list: one name per migration (its file is <version>-<id, dots as dashes>.ts, its spec
// test/migrations/ under the same name), every file listed once, in version order.
import fs from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { migrations } from "../../migrations/index.js";
import type { Migration } from "../../src/migration.js";

const DIR = path.resolve(import.meta.dirname, "../../migrations");
const files = fs
  .readdirSync(DIR)
  .filter((file) => file.endsWith(".ts") && file !== "index.ts")
  .sort();
const nameOf = (migration: Migration) => `${migration.version}-${migration.id.replace(/\./g, "-")}`;

describe("migrations/index", () => {
  it("lists every migration file once", async () => {
    const loaded = await Promise.all(
      files.map(async (file) => (await import(path.join(DIR, file))).default as Migration),
    );
    expect(loaded.every((migration) => migrations.includes(migration))).toBe(true);
    expect(migrations.length).toBe(files.length);
  });

  it.each(files)("%s: its name is its version and id", async (file) => {
    const migration = (await import(path.join(DIR, file))).default as Migration;
    expect(semver.valid(migration.version), `${file}: version ${migration.version}`).toBe(migration.version);
    expect(file).toBe(`${nameOf(migration)}.ts`);
    expect(file.split("-")[0], "the file name's version").toBe(migration.version);
  });

  it("ids are unique", () => {
    expect(new Set(migrations.map((migration) => migration.id)).size).toBe(migrations.length);
  });

  // Two of one release run in the list's order.
  it("the list is in version order", () => {
    for (let i = 1; i < migrations.length; i++) {
      expect(
        semver.gte(migrations[i].version, migrations[i - 1].version),
        `${migrations[i].id} after ${migrations[i - 1].id}`,
      ).toBe(true);
    }
  });

  it.each(migrations.map((migration) => [nameOf(migration), migration] as const))(
    "%s has its spec beside it",
    (name) => {
      expect(fs.existsSync(path.join(import.meta.dirname, `${name}.test.ts`)), `test/migrations/${name}.test.ts`).toBe(
        true,
      );
    },
  );
});
