// doctor.backups.keep: how many writing runs keep their backups; out of bounds or of the wrong type, the default.
import { describe, expect, it } from "vitest";
import { backupsToKeepIn } from "../../src/engine/retention.js";
import type { RawFile } from "../../src/snapshot/raw-file.js";

const config = (text: string): RawFile => ({ path: "/c/clawdia.json", status: "ok", text });

describe("backupsToKeepIn", () => {
  it.each([
    ["no config", undefined, 10],
    ["no doctor section", '{ "auth": {} }', 10],
    ["3", '{ "doctor": { "backups": { "keep": 3 } } }', 3],
    ["1 (the least)", '{ "doctor": { "backups": { "keep": 1 } } }', 1],
    ["1000 (the most)", '{ "doctor": { "backups": { "keep": 1000 } } }', 1000],
    ["0", '{ "doctor": { "backups": { "keep": 0 } } }', 10],
    ["1001", '{ "doctor": { "backups": { "keep": 1001 } } }', 10],
    ["2.5", '{ "doctor": { "backups": { "keep": 2.5 } } }', 10],
    ['"ten"', '{ "doctor": { "backups": { "keep": "ten" } } }', 10],
    ["JSONC with a comment", '{ // keep few\n "doctor": { "backups": { "keep": 4, } } }', 4],
    ["a config that does not parse", '{ "doctor": { "backups": { "keep": 4 ', 10],
  ])("%s → %d", (_name, text, expected) => {
    expect(backupsToKeepIn(text === undefined ? undefined : config(text))).toBe(expected);
  });
});
