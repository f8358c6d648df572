// Every edit is verified before it is committed (issue 13): the transaction re-parses each file's new
// text and checks it means exactly the old value with the planned changes applied. A bad edit is a
// bug in clawdia, so the run stops with exit 70 and writes nothing at all. The test preload stands in
// for such a bug (CLAWDIA_TEST_BREAK_JSON_EDITS: every JSON edit loses its file's last brace).
import { describe, expect, it } from "vitest";
import { history, read, sandbox, STACK_FRAME, tree } from "./helpers.js";

const BROKEN = { CLAWDIA_TEST_BREAK_JSON_EDITS: "1" };

describe("an edit that does not mean what was planned", () => {
  it.each([
    { name: "doctor's safe fix (dangling auth.order id)", fixture: "dangling-order", args: ["doctor"] },
    { name: "doctor --fix --yes", fixture: "mode-mismatch", args: ["doctor", "--fix", "--yes"] },
    { name: "migrate", fixture: "legacy-token-mode", args: ["migrate"] },
    {
      name: "models auth order set",
      fixture: "healthy",
      args: ["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:default"],
    },
    {
      name: "models auth paste-token",
      fixture: "healthy",
      args: ["models", "auth", "paste-token", "--provider", "anthropic"],
      input: "sk-ant-oat01-VERIFYpasted".padEnd(100, "0"),
    },
  ])("$name: exit 70, one line naming the file, and nothing written", ({ fixture, args, input }) => {
    const box = sandbox(fixture);
    const before = tree(box.home);
    const result = box.run(args, { env: BROKEN, input });
    expect(result.code).toBe(70);
    expect(result.stderr).toMatch(
      /^clawdia: internal error: the edit of \S+ is not what was planned \(.+\); nothing was written \(this is a bug/,
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(tree(box.home)).toEqual(before);
  });

  it("without the broken edit, the same run writes and records itself (the seam is what breaks it)", () => {
    const box = sandbox("dangling-order");
    const before = read(box.config);
    expect(box.run(["doctor"]).code).toBe(0);
    expect(read(box.config)).not.toBe(before);
    expect(history(box.stateDir)).toHaveLength(1);
  });
});
