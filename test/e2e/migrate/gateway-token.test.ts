// Migration gateway.token-to-gateway.auth.token (2026.1.0): the gateway's own access token moves
// under gateway.auth; when both are set and differ, the user decides (state/legacy-leftovers).
import fs from "node:fs";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { parseStdout, read, sandbox } from "../helpers.js";
import { expectSecondRunChangesNothing, stampedMetaLine, textDiff } from "./helpers.js";

const FIXTURE = "legacy-gateway-token";
const TOKEN = "clawgw-LEGGWTKgatewayBearer000000000000";
const META = stampedMetaLine("2025.12.0", "2025-12-15T21:30:00Z");
const AUTH_ADDED = ['+    "auth": {', `+      "token": "${TOKEN}"`, "+    },"];

/** The fixture without comments next to the token: the removal has no neighbour to disturb. */
function plainNeighbours(box: ReturnType<typeof sandbox>): string {
  const text = read(box.config)
    .replace('"bind": "tailnet", // reachable from the tailnet only', '"bind": "tailnet",')
    .replace("    // clients send this as a bearer token\n", "");
  fs.writeFileSync(box.config, text);
  return text;
}

describe("migration gateway.token-to-gateway.auth.token (legacy-gateway-token)", () => {
  it("moves the value; every other gateway key, comment and the rest of the file parse the same", () => {
    const box = sandbox(FIXTURE);
    const before = parse(read(box.config));
    expect(box.run(["migrate"])).toMatchObject({ code: 0, stderr: "" });
    const after = parse(read(box.config));
    const { token, ...others } = before.gateway;
    expect(token).toBe(TOKEN);
    expect(after.gateway).toEqual({ ...others, auth: { token: TOKEN } });
    expect({ ...after, gateway: undefined, meta: undefined }).toEqual({
      ...before,
      gateway: undefined,
      meta: undefined,
    });
  });

  it("the text changes in the token's line, the new auth block and the stamp only", () => {
    const box = sandbox(FIXTURE);
    const before = plainNeighbours(box);
    expect(box.run(["migrate"]).code).toBe(0);
    expect(textDiff(before, read(box.config))).toEqual([...META, `-    "token": "${TOKEN}",`, ...AUTH_ADDED]);
  });

  // Was a bug: src/engine/json-edit.ts removes a property with jsonc-parser's modify(), whose edit runs
  // from the end of the previous property's value to the end of the removed one. Everything between
  // goes: here the comment at the end of the `"bind"` line (a line no migration owns). Input: the
  // legacy-gateway-token fixture. Expected: `"bind": "tailnet", // reachable from the tailnet only`
  // unchanged. Actual: `"bind": "tailnet",`. (The same edit moves a removed property's own trailing
  // comment onto the line before it: see legacy-everything in chain.test.ts.)
  it("the comment at the end of the line before gateway.token survives", () => {
    const box = sandbox(FIXTURE);
    const before = read(box.config);
    expect(box.run(["migrate"]).code).toBe(0);
    const diff = textDiff(before, read(box.config));
    // Whether the comment line that introduced the token goes with it is a matter of taste: both are accepted.
    expect(diff.filter((line) => line !== "-    // clients send this as a bearer token")).toEqual([
      ...META,
      `-    "token": "${TOKEN}",`,
      ...AUTH_ADDED,
    ]);
  });

  it("a second run changes nothing", () => {
    expectSecondRunChangesNothing(sandbox(FIXTURE));
  });

  it("gateway.auth.token already set to the same value: only gateway.token goes", () => {
    const box = sandbox(FIXTURE);
    const text = plainNeighbours(box).replace(
      '    "tailscale"',
      `    "auth": { "mode": "token", "token": "${TOKEN}" },\n    "tailscale"`,
    );
    fs.writeFileSync(box.config, text);
    expect(box.run(["migrate"]).code).toBe(0);
    expect(textDiff(text, read(box.config))).toEqual([...META, `-    "token": "${TOKEN}",`]);
  });

  it("both set and different: left alone, doctor reports state/legacy-leftovers at gateway.token", () => {
    const box = sandbox(FIXTURE);
    const text = read(box.config).replace(
      '    "tailscale"',
      '    "auth": { "token": "clawgw-LEGGWTKsomethingElse0000000000" },\n    "tailscale"',
    );
    fs.writeFileSync(box.config, text);
    expect(box.run(["migrate", "--check"]).code).toBe(0);
    expect(box.run(["migrate"]).stdout).toBe("No migrations pending.\n");
    expect(read(box.config)).toBe(text);
    const result = box.run(["doctor", "--json"]);
    expect(parseStdout(result).findings).toContainEqual(
      expect.objectContaining({
        ruleId: "state/legacy-leftovers",
        subject: expect.objectContaining({ file: box.config, path: ["gateway", "token"] }),
      }),
    );
    expect(result.stdout).not.toContain("LEGGWTKsomethingEl");
    expect(result.stdout).not.toContain(TOKEN.slice(0, 20));
    expect(read(box.config)).toBe(text);
  });

  // Was a bug: the config is parsed with the last of duplicate keys winning (jsonc-parser parse), but
  // json-edit removes the first one it finds. Input: gateway with `"token"` twice (a hand-edited
  // config), the real token last. Expected: after one run nothing is pending (`migrate --check`
  // exits 0). Actual: the first (shadowed) token line is removed, the real one stays at
  // gateway.token, and every run plans the migration again.
  it("duplicate gateway.token keys: one run leaves nothing pending", () => {
    const box = sandbox(FIXTURE);
    fs.writeFileSync(
      box.config,
      read(box.config).replace('"mode": "local",', '"token": "clawgw-LEGGWTKshadowedFirst0000", "mode": "local",'),
    );
    expect(box.run(["migrate"]).code).toBe(0);
    expect(box.run(["migrate", "--check"]).code).toBe(0);
  });

  it("gateway.auth that is not an object: left alone, nothing pending", () => {
    const box = sandbox(FIXTURE);
    const text = read(box.config).replace('    "tailscale"', '    "auth": "none",\n    "tailscale"');
    fs.writeFileSync(box.config, text);
    expect(box.run(["migrate"])).toMatchObject({ code: 0, stdout: "No migrations pending.\n" });
    expect(read(box.config)).toBe(text);
  });
});
