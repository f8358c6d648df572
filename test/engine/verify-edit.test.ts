// The check a new text passes before it is committed: it parses, means the old value with the planned
// changes applied, and keeps every other byte. Right edits pass; broken, wrong or stray ones are
// caught, and what is said about them never shows a value.
import { describe, expect, it } from "vitest";
import { setJsonValue } from "../../src/engine/json-edit.js";
import {
  verifyDotenvEdits,
  verifyFileEdits,
  verifyJsonEdits,
  type DotenvSetOp,
  type JsonSetOp,
} from "../../src/engine/verify-edit.js";
import { setDotenvValue } from "../../src/snapshot/dotenv-write.js";
import type { FileOp } from "../../src/types.js";

const SECRET = "sk-ant-api03-verify-edit-planted-0000";
const FILE = "/state/clawdia.json";
const set = (path: (string | number)[], value: unknown): JsonSetOp => ({ kind: "json-set", file: FILE, path, value });
const env = (key: string, value: string | undefined): DotenvSetOp => ({
  kind: "dotenv-set",
  file: "/state/.env",
  key,
  value,
});

const CONFIG = `{
  // my gateway
  "auth": {
    "order": { "anthropic": ["anthropic:gone"], },
    "profiles": { "anthropic:default": { "provider": "anthropic", "mode": "api_key" } },
  },
  "env": { "vars": { "OPENROUTER_API_KEY": "${SECRET}" } },
}
`;

describe("verifyJsonEdits: right edits pass", () => {
  it.each<[string, string | undefined, JsonSetOp[]]>([
    [
      "a removal from a one-line object with a trailing comma",
      CONFIG,
      [set(["auth", "order", "anthropic"], undefined)],
    ],
    ["a replacement", CONFIG, [set(["auth", "profiles", "anthropic:default", "mode"], "oauth")]],
    [
      "a new nested path, then a value under it",
      CONFIG,
      [set(["meta", "lastTouchedVersion"], "2026.11.0"), set(["meta", "lastTouchedAt"], "2026-11-27T12:00:00Z")],
    ],
    [
      "a removal then a set of the same path",
      CONFIG,
      [set(["env", "vars"], undefined), set(["env", "vars", "X"], SECRET)],
    ],
    ["a removal of something absent (no change)", CONFIG, [set(["nothing", "here"], undefined)]],
    [
      "a new file (no original)",
      undefined,
      [set(["version"], 1), set(["profiles", "anthropic:default"], { type: "api_key", key: SECRET })],
    ],
    ['a "__proto__" key, kept as a key', CONFIG, [set(["__proto__", "x"], 1)]],
    ["an array item appended, then one removed", '{"a": [1, 2]}', [set(["a", 2], 3), set(["a", 0], undefined)]],
    ["a duplicated key: its last copy is the value", '{"a": 1, "a": 2}', [set(["a"], 3)]],
  ])("%s", (_name, original, ops) => {
    let text = original ?? "{}\n";
    for (const op of ops) text = setJsonValue(text, op.path, op.value);
    expect(verifyJsonEdits(original, ops, text)).toBeUndefined();
  });
});

describe("verifyJsonEdits: wrong texts are caught, without showing a value", () => {
  const removal = [set(["auth", "order", "anthropic"], undefined)];
  const right = setJsonValue(CONFIG, ["auth", "order", "anthropic"], undefined);

  it.each<[string, string, JsonSetOp[], RegExp]>([
    [
      "the text the trailing-comma bug left",
      CONFIG.replace('{ "anthropic": ["anthropic:gone"], }', "{ , }"),
      removal,
      /^remove auth\.order\.anthropic: the new text does not parse \(4:16: /,
    ],
    [
      "a removal that did not happen",
      CONFIG,
      removal,
      /: the new text means something else at auth\.order \(a key that was not planned\)$/,
    ],
    [
      "a wrong value",
      setJsonValue(CONFIG, ["auth", "profiles", "anthropic:default", "mode"], "token"),
      [set(["auth", "profiles", "anthropic:default", "mode"], "oauth")],
      /at auth\.profiles\["anthropic:default"\]\.mode \(a different string\)/,
    ],
    [
      "a value of the wrong kind",
      setJsonValue(CONFIG, ["auth", "expiryWarnHours"], "24"),
      [set(["auth", "expiryWarnHours"], 24)],
      /at auth\.expiryWarnHours \(a string where a number was planned\)/,
    ],
    [
      "an unrelated key changed as well",
      right.replace(SECRET, "sk-ant-api03-other"),
      removal,
      /at env\.vars\.OPENROUTER_API_KEY \(a different string\)/,
    ],
    [
      "an unrelated key dropped",
      right.replace('"mode": "api_key" ', ""),
      removal,
      /at auth\.profiles\["anthropic:default"\]\.mode \(missing\)/,
    ],
    [
      "a key that was not planned",
      right.replace('"env": {', '"env": { "extra": 1,'),
      removal,
      /at env \(a key that was not planned\)/,
    ],
    [
      "a comment elsewhere lost (the value is right)",
      right.replace("  // my gateway\n", ""),
      removal,
      /bytes outside the edited containers changed \(old offsets 4 to 77\)/,
    ],
  ])("%s", (_name, newText, ops, message) => {
    const description = verifyJsonEdits(CONFIG, ops, newText);
    expect(description).toMatch(message);
    expect(description).not.toContain(SECRET);
    expect(description).not.toContain("sk-ant");
  });

  it("a planned change that cannot be applied to the old value (a hole in an array)", () => {
    expect(verifyJsonEdits('{"a": [1]}', [set(["a", 3], 1)], '{"a": [1, 1]}')).toBe(
      "set a[3]: a has 1 items, and JSON arrays have no holes",
    );
  });

  it("an old text that does not parse cannot be checked (such files are never edited)", () => {
    expect(verifyJsonEdits('{"a": ', [set(["a"], 1)], '{"a": 1}')).toBe(
      "set a: the text before the edit does not parse, so the edit cannot be checked",
    );
  });

  it('a "__proto__" key is a key like any other: present it passes, absent it is missing', () => {
    const ops = [set(["__proto__"], { x: 1 })];
    expect(verifyJsonEdits("{}", ops, '{"__proto__": {"x": 1}}')).toBeUndefined();
    expect(verifyJsonEdits("{}", ops, "{}")).toBe(
      "set __proto__: the new text means something else at __proto__ (missing)",
    );
  });

  it("keeps its description to paths and kinds when a secret lands in a key's place", () => {
    const description = verifyJsonEdits('{"a": 1}', [set(["a"], 2)], `{"a": 2, "${SECRET}": 1}`);
    expect(description).toBe("set a: the new text means something else at the top level (a key that was not planned)");
  });
});

describe("verifyDotenvEdits", () => {
  const ENV = `# daemon env\nOPENAI_API_KEY=sk-openai-kept\nexport ANTHROPIC_API_KEY="old value"\n\nOTHER=1 # note\n`;
  const op = env("ANTHROPIC_API_KEY", SECRET);
  const right = setDotenvValue(ENV, op.key, op.value);

  it("passes a right edit: a set, a removal, a new file, CRLF line ends", () => {
    expect(verifyDotenvEdits(ENV, [op], right)).toBeUndefined();
    expect(verifyDotenvEdits(ENV, [env("OTHER", undefined)], setDotenvValue(ENV, "OTHER", undefined))).toBeUndefined();
    expect(verifyDotenvEdits(undefined, [op], setDotenvValue("", op.key, op.value))).toBeUndefined();
    const crlf = ENV.replace(/\n/g, "\r\n");
    expect(verifyDotenvEdits(crlf, [op], setDotenvValue(crlf, op.key, op.value))).toBeUndefined();
    expect(verifyDotenvEdits("A=1", [env("B", "2")], setDotenvValue("A=1", "B", "2"))).toBeUndefined();
  });

  it.each<[string, string, RegExp]>([
    [
      "the edited key with another value",
      right.replace(SECRET, "sk-ant-api03-other"),
      /^set ANTHROPIC_API_KEY: after the edit ANTHROPIC_API_KEY has another value, not as planned$/,
    ],
    // dotenv skips a line without `=`; a quote left open it reads as part of the value.
    [
      "the edited key's line broken",
      right.replace(`ANTHROPIC_API_KEY=${SECRET}`, `ANTHROPIC_API_KEY ${SECRET}`),
      /after the edit ANTHROPIC_API_KEY is not set/,
    ],
    [
      "the edited key's quote left open",
      right.replace(`ANTHROPIC_API_KEY=${SECRET}`, `ANTHROPIC_API_KEY="${SECRET}`),
      /after the edit ANTHROPIC_API_KEY has another value/,
    ],
    [
      "another line broken",
      right.replace("OPENAI_API_KEY=sk-openai-kept", "OPENAI_API_KEY sk-openai-kept"),
      /OPENAI_API_KEY, which the edit does not touch, is not set after it/,
    ],
    [
      "another key changed",
      right.replace("OTHER=1", "OTHER=2"),
      /OTHER, which the edit does not touch, has another value after it/,
    ],
    [
      "a comment line lost",
      right.replace("# daemon env\n", ""),
      /the lines the edit does not touch changed \(line 1 of them\)/,
    ],
    ["a variable nobody planned", right + "sk_ant_leaked=1\n", /a variable that was not planned is set after the edit/],
  ])("catches %s", (_name, newText, message) => {
    const description = verifyDotenvEdits(ENV, [op], newText);
    expect(description).toMatch(message);
    expect(description).not.toContain(SECRET);
    expect(description).not.toContain("sk_ant_leaked");
  });
});

describe("verifyFileEdits: the ops of one file, as applyOpsToFile replays them", () => {
  const write: FileOp = { kind: "write", file: FILE, content: '{"version": 1}\n' };
  const remove: FileOp = { kind: "delete", file: FILE };
  const chmod: FileOp = { kind: "chmod", file: FILE, mode: 0o600 };

  it("checks JSON edits against the text a write left, and a write or a removal alone by its result", () => {
    const edited = setJsonValue('{"version": 1}\n', ["profiles"], {});
    expect(verifyFileEdits(CONFIG, [write, set(["profiles"], {}), chmod], edited)).toBeUndefined();
    expect(verifyFileEdits(CONFIG, [write, set(["profiles"], {})], '{"version": 1, "profiles": []}\n')).toMatch(
      /^set profiles: the new text means something else at profiles/,
    );
    expect(verifyFileEdits(CONFIG, [write], '{"version": 1}\n')).toBeUndefined();
    expect(verifyFileEdits(CONFIG, [write], "{}")).toBe("the new text is not the text planned for the file");
    expect(verifyFileEdits(CONFIG, [remove], undefined)).toBeUndefined();
    expect(verifyFileEdits(CONFIG, [remove], CONFIG)).toBe("the file should be absent, and it has a text");
    expect(verifyFileEdits(CONFIG, [chmod], CONFIG)).toBeUndefined();
  });

  it("a set after a removal starts from an empty object, as for a new file", () => {
    expect(
      verifyFileEdits(CONFIG, [remove, set(["version"], 1)], setJsonValue("{}\n", ["version"], 1)),
    ).toBeUndefined();
    expect(verifyFileEdits(CONFIG, [remove, set(["version"], 1)], undefined)).toBe(
      "set version: the file is absent after the edit",
    );
  });

  it("dispatches dotenv edits, and refuses a mix of kinds or of files", () => {
    expect(verifyFileEdits("A=1\n", [env("B", "2")], "A=1\nB=2\n")).toBeUndefined();
    expect(verifyFileEdits("A=1\n", [env("B", "2")], "A=1\nB=3\n")).toMatch(/B has another value/);
    expect(verifyFileEdits("{}", [set(["a"], 1), { ...env("B", "2"), file: FILE }], "{}")).toBe(
      "set a and 1 more: JSON and dotenv edits to one file",
    );
    expect(verifyFileEdits("{}", [set(["a"], 1), { ...set(["b"], 1), file: "/other.json" }], "{}")).toBe(
      "the ops name more than one file",
    );
  });
});
