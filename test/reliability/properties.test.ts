// Property tests (issue 7, part 3), with fast-check. In memory: random states through load →
// migrate/sync → check → fix → verify never throw, no rule crashes, and a second pass plans nothing.
// Through the CLI: a second `doctor --fix --yes` writes nothing; random bytes in any input file
// never crash a command (exit 70 or a stack trace). Seeds are printed by fast-check on failure.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { migrations } from "../../migrations/index.js";
import { rules } from "../../rules/index.js";
import { applyOpsToFile, groupOpsByFile } from "../../src/engine/file-ops.js";
import { planHousekeeping, runChecks, type CheckedFinding } from "../../src/engine/plan.js";
import { fileIn, withOps } from "../../src/engine/virtual-state.js";
import type { RawState } from "../../src/snapshot/read-state.js";
import { buildSnapshot } from "../../src/snapshot/snapshot.js";
import type { Change } from "../../src/types.js";
import { NOW, rawState, type TestState } from "../support/state.js";
import { writeJson } from "../e2e/helpers.js";
import * as arb from "./arbitraries.js";
import { historyRuns, run, sandbox, STACK_FRAME, type Sandbox } from "./helpers.js";

const SCALE = Number(process.env.RELIABILITY_SCALE ?? 1) || 1;
const IN_MEMORY_RUNS = 400 * SCALE;
/** CLI runs go two states at a time (one per core). */
const CLI_PAIRS_IDEMPOTENT = 12 * SCALE;
const CLI_PAIRS_BYTES = 16 * SCALE;

const RULE_CRASHED = /\(a bug; please report it\)/;

/** What one doctor run would do, in memory: housekeeping, checks, every fix (unsafe too), verify. */
function fullPass(raw: RawState): {
  found: CheckedFinding[];
  changes: Change[];
  after: RawState;
  verified: CheckedFinding[];
} {
  const { changes: housekeeping, findings } = planHousekeeping(raw, migrations, NOW);
  const migrated = withOps(
    raw,
    housekeeping.flatMap((change) => change.ops),
  );
  const found = [...findings, ...runChecks(buildSnapshot(migrated), rules, NOW)];
  const fixes = new Map<string, Change>();
  for (const finding of found)
    if (finding.change && finding.change.safety !== "manual") fixes.set(finding.change.id, finding.change);
  const changes = [...housekeeping, ...fixes.values()].filter((change) => change.ops.length > 0);
  // The transaction replays every op on the text it was planned against: none may throw.
  for (const [file, ops] of groupOpsByFile(changes.flatMap((change) => change.ops))) {
    expect(
      () => applyOpsToFile(file === raw.paths.stateDir ? undefined : fileIn(raw, file)?.text, ops),
      `ops on ${file}`,
    ).not.toThrow();
  }
  const after = withOps(
    raw,
    changes.flatMap((change) => change.ops),
  );
  const verified = runChecks(buildSnapshot(after), rules, NOW);
  return { found, changes, after, verified };
}

describe("in memory: load → migrate/sync → check → fix → verify", () => {
  it(
    `never throws and no rule crashes, on ${IN_MEMORY_RUNS} random states`,
    () => {
      fc.assert(
        fc.property(arb.testState, (state: TestState) => {
          const { found, verified } = fullPass(rawState(state));
          for (const finding of [...found, ...verified])
            expect(finding.message, finding.ruleId).not.toMatch(RULE_CRASHED);
        }),
        { numRuns: IN_MEMORY_RUNS },
      );
    },
    60_000 * SCALE,
  );

  it(
    `a second pass plans nothing (migrations, sync and fixes are idempotent), on ${IN_MEMORY_RUNS} random states`,
    () => {
      fc.assert(
        fc.property(arb.testState, (state: TestState) => {
          const first = fullPass(rawState(state));
          const second = fullPass(first.after);
          expect(second.changes.map((change) => change.title)).toEqual([]);
        }),
        // A counterexample it found once (seed -327402989): a blank accessToken was synced again and again.
        {
          numRuns: IN_MEMORY_RUNS,
          examples: [
            [
              {
                config: {},
                stores: {},
                dotenv: "",
                env: {},
                claudeCode: { claudeAiOauth: { accessToken: " " } },
                modes: {},
                platform: "linux",
              },
            ],
          ],
        },
      );
    },
    60_000 * SCALE,
  );
});

/** Writes a random state to a sandbox's disk (the same shapes the in-memory builder takes). */
function writeState(box: Sandbox, state: TestState): void {
  fs.mkdirSync(box.stateDir, { recursive: true, mode: 0o700 });
  const text = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value, null, 2) + "\n");
  if (state.config !== undefined) fs.writeFileSync(box.config, text(state.config));
  for (const [agent, value] of Object.entries(state.stores ?? {})) {
    fs.mkdirSync(path.dirname(box.store(agent)), { recursive: true, mode: 0o700 });
    fs.writeFileSync(box.store(agent), text(value));
  }
  if (state.dotenv !== undefined) fs.writeFileSync(box.dotenv, state.dotenv);
  if (state.claudeCode !== undefined) writeJson(path.join(box.home, ".claude", ".credentials.json"), state.claudeCode);
  const modes = state.modes ?? {};
  const chmod = (file: string, mode: number | undefined) =>
    mode !== undefined && fs.existsSync(file) && fs.chmodSync(file, mode);
  chmod(box.config, modes.config ?? 0o600);
  chmod(box.dotenv, modes.dotenv ?? 0o600);
  for (const agent of Object.keys(state.stores ?? {})) chmod(box.store(agent), modes[`store:${agent}`] ?? 0o600);
  chmod(box.stateDir, modes.stateDir ?? 0o700);
}

function expectNoCrash(result: { code: number | null; stderr: string }, what: string): void {
  expect(result.stderr, what).not.toContain(STACK_FRAME);
  expect(result.stderr, what).not.toMatch(/internal error/);
  expect(result.code, `${what}: ${result.stderr}`).not.toBe(70);
  expect(result.code, what).not.toBeNull();
}

describe("through the CLI", () => {
  it(
    `a second \`doctor --fix --yes\` writes nothing (no history line), on ${2 * CLI_PAIRS_IDEMPOTENT} random states`,
    async () => {
      // The CLI runs as root here: a 0000 or 0400 file is still readable and writable, so modes are
      // only those a user would have (unreadable files are covered in test/e2e/read-only.test.ts).
      const onDisk = arb.testState.map((state) => ({ ...state, env: {}, platform: "linux" as const }));
      await fc.assert(
        fc.asyncProperty(onDisk, onDisk, async (...states) => {
          await Promise.all(
            states.map(async (state) => {
              const box = sandbox();
              writeState(box, state);
              const first = await run(box, ["doctor", "--fix", "--yes"]);
              expectNoCrash(first, "first doctor --fix --yes");
              const runs = historyRuns(box).length;
              const second = await run(box, ["doctor", "--fix", "--yes", "--json"]);
              expectNoCrash(second, "second doctor --fix --yes");
              const applied = JSON.parse(second.stdout).changes.filter((change: any) => change.status === "applied");
              expect(
                applied.map((change: any) => change.title),
                "the second run applied",
              ).toEqual([]);
              expect(historyRuns(box).length, "the second run wrote a history line").toBe(runs);
            }),
          );
        }),
        { numRuns: CLI_PAIRS_IDEMPOTENT },
      );
    },
    150_000 * SCALE,
  );

  const INPUTS = {
    config: (box: Sandbox) => box.config,
    store: (box: Sandbox) => box.store(),
    dotenv: (box: Sandbox) => box.dotenv,
    "Claude Code credentials": (box: Sandbox) => path.join(box.home, ".claude", ".credentials.json"),
  };
  const COMMANDS = [
    ["doctor", "--json"],
    ["doctor", "--sarif"],
    ["doctor", "--fix", "--yes"],
    ["models", "status", "--json"],
    ["models", "status", "--check"],
    ["migrate", "--json"],
    ["support-bundle", "--json", "--output", "{home}/bundle.tar.gz"],
  ];
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    fc.string({ unit: "binary", maxLength: 400 }).map((text) => new Uint8Array(Buffer.from(text))),
    // A real file cut short, or with garbage after it: the usual way a file is half written.
    fc
      .tuple(
        fc.constantFrom(
          '{\n  "version": 1,\n  "profiles": {\n    "anthropic:default": { "type": "api_key", "key": "sk-ant-api03-',
          '{ "claudeAiOauth": { "accessToken": "sk-ant-oat01-',
        ),
        fc.uint8Array({ maxLength: 64 }),
      )
      .map(([head, tail]) => new Uint8Array(Buffer.concat([Buffer.from(head), Buffer.from(tail)]))),
  );
  const spoiled = fc.record({
    input: fc.constantFrom(...(Object.keys(INPUTS) as (keyof typeof INPUTS)[])),
    bytes,
    command: fc.constantFrom(...COMMANDS),
  });

  it(
    `random bytes as any input file never crash the CLI: ${2 * CLI_PAIRS_BYTES} runs over ${Object.keys(INPUTS).length} inputs × ${COMMANDS.length} commands`,
    async () => {
      await fc.assert(
        fc.asyncProperty(spoiled, spoiled, async (...cases) => {
          await Promise.all(
            cases.map(async ({ input, bytes, command }) => {
              const box = sandbox("healthy");
              const file = INPUTS[input](box);
              fs.mkdirSync(path.dirname(file), { recursive: true });
              fs.writeFileSync(file, bytes, { mode: 0o600 });
              const result = await run(
                box,
                command.map((arg) => arg.replace("{home}", box.home)),
              );
              expectNoCrash(result, `${command.join(" ")} with random bytes as the ${input}`);
              if (command.includes("--json") && !command.includes("support-bundle"))
                expect(() => JSON.parse(result.stdout)).not.toThrow();
              expect(Buffer.compare(fs.readFileSync(file), Buffer.from(bytes)), `the ${input} was rewritten`).toBe(0);
            }),
          );
        }),
        { numRuns: CLI_PAIRS_BYTES },
      );
    },
    150_000 * SCALE,
  );
});
