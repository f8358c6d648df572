// Property tests of the migrations, in process (planMigrations + the same replay apply uses):
// random JSONC configs, with and without the legacy shapes, with random keys at every level; random
// flat auth.json files merged into random stores; random bytes. Whatever a migration does not own
// survives untouched, a second plan on the result plans nothing, and nothing throws.
import fc from "fast-check";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { migrations } from "../../migrations/index.js";
import { toProfile } from "../../migrations/2025.11.0-auth-json-to-auth-profiles.js";
import { planMigrations } from "../../src/engine/migrate.js";
import { applyOpsToFile, groupOpsByFile } from "../../src/engine/file-ops.js";
import { fileIn } from "../../src/engine/virtual-state.js";
import { legacyAuthJsonPath } from "../../src/snapshot/legacy.js";
import type { RawState } from "../../src/snapshot/read-state.js";
import { VERSION } from "../../src/version.js";
import { agentStorePath } from "../../src/paths.js";
import { NOW, rawState, TEST_PATHS } from "../support/state.js";
import { jsoncStyle, renderJsonc } from "./render-jsonc.js";

/** More runs on demand: FC_RUNS=5000 npx vitest run test/migrations */
const RUNS = Number(process.env.FC_RUNS) || 1;
const runs = (n: number) => Math.max(n, RUNS);
/** A test's time limit that grows with FC_RUNS. */
const TIME_LIMIT = Math.max(30_000, RUNS * 30);

const STAMP_AT = new Date(NOW).toISOString().replace(/\.\d{3}Z$/, "Z");
type Json = Record<string, any>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------- generators

/** Any key but the ones a migration owns at that level (and __proto__, which JSON.parse cannot keep). */
const keyExcept = (owned: string[]) =>
  fc.string({ maxLength: 8 }).filter((key) => key !== "__proto__" && !owned.includes(key));
const anyJson = fc.jsonValue({ maxDepth: 2 });
const extras = (owned: string[] = []) => fc.dictionary(keyExcept(owned), anyJson, { maxKeys: 3 });
const secretish = fc.stringMatching(/^[a-z]{2,6}-[A-Za-z0-9]{4,24}$/);
const modelName = fc.constantFrom(
  "anthropic/claude-opus-4-5",
  "anthropic/claude-sonnet-4-5",
  "openai/gpt-5",
  "openrouter/auto",
);
/** Stamps around this version: absent, not a version, older, newer. */
const stamp = fc.option(fc.constantFrom("not-a-version", "0.0.0-alpha", "2099.1.0", "2026"), { nil: undefined });

/** Puts `extra` keys into `base` (the base's own keys win) and drops undefined values. */
function withExtras(extra: Json, base: Json): Json {
  const out: Json = { ...extra };
  for (const [key, value] of Object.entries(base)) if (value !== undefined) out[key] = value;
  return out;
}

/** A config: every object a migration looks into is an object (or absent); legacy shapes optional. */
const wellFormedConfig = fc
  .record({
    root: extras(["meta", "gateway", "agent", "agents", "auth"]),
    meta: fc.option(fc.record({ extra: extras(["lastTouchedVersion", "lastTouchedAt"]), version: stamp }), {
      nil: undefined,
    }),
    gateway: fc.option(
      fc.record({
        extra: extras(["token", "auth"]),
        token: fc.option(secretish, { nil: undefined }),
        auth: fc.option(fc.record({ extra: extras(["token"]), token: fc.constantFrom("absent", "same", "other") }), {
          nil: undefined,
        }),
      }),
      { nil: undefined },
    ),
    agent: fc.option(fc.record({ extra: extras(["model"]), model: fc.option(modelName, { nil: undefined }) }), {
      nil: undefined,
    }),
    agents: fc.option(
      fc.record({
        extra: extras(["defaults"]),
        defaults: fc.option(
          fc.record({
            extra: extras(["model"]),
            model: fc.option(
              fc.record({ extra: extras(["primary"]), primary: fc.constantFrom("absent", "same", "other") }),
              { nil: undefined },
            ),
          }),
          { nil: undefined },
        ),
      }),
      { nil: undefined },
    ),
    auth: fc.option(
      fc.record({
        extra: extras(["profiles"]),
        profiles: fc.option(
          fc.record({
            extra: extras(["anthropic:claude-cli"]),
            cli: fc.option(
              fc.record({
                extra: extras(["mode"]),
                mode: fc.option(fc.constantFrom("token", "oauth", "api_key"), { nil: undefined }),
              }),
              { nil: undefined },
            ),
          }),
          { nil: undefined },
        ),
      }),
      { nil: undefined },
    ),
  })
  .map((c): Json => {
    const token = c.gateway?.token;
    const model = c.agent?.model;
    const related = (choice: string, same: string | undefined, other: string) =>
      choice === "absent" ? undefined : choice === "same" ? (same ?? other) : other;
    return withExtras(c.root, {
      meta: c.meta && withExtras(c.meta.extra, { lastTouchedVersion: c.meta.version }),
      gateway:
        c.gateway &&
        withExtras(c.gateway.extra, {
          token,
          auth:
            c.gateway.auth &&
            withExtras(c.gateway.auth.extra, { token: related(c.gateway.auth.token, token, "gw-other-token-0000") }),
        }),
      agent: c.agent && withExtras(c.agent.extra, { model }),
      agents:
        c.agents &&
        withExtras(c.agents.extra, {
          defaults:
            c.agents.defaults &&
            withExtras(c.agents.defaults.extra, {
              model:
                c.agents.defaults.model &&
                withExtras(c.agents.defaults.model.extra, {
                  primary: related(c.agents.defaults.model.primary, model, "other/model"),
                }),
            }),
        }),
      auth:
        c.auth &&
        withExtras(c.auth.extra, {
          profiles:
            c.auth.profiles &&
            withExtras(c.auth.profiles.extra, {
              "anthropic:claude-cli":
                c.auth.profiles.cli && withExtras(c.auth.profiles.cli.extra, { mode: c.auth.profiles.cli.mode }),
            }),
        }),
    });
  });

// ---------------------------------------------------------------- oracles

/** The config without what the migrations own; containers left empty by that are dropped too. */
function unowned(config: unknown): unknown {
  if (!isObject(config)) return config;
  const c = structuredClone(config);
  const prune = (parent: Json, key: string) => {
    if (isObject(parent[key]) && Object.keys(parent[key]).length === 0) delete parent[key];
  };
  if (isObject(c.meta)) {
    delete c.meta.lastTouchedVersion;
    delete c.meta.lastTouchedAt;
    prune(c, "meta");
  }
  if (isObject(c.gateway)) {
    delete c.gateway.token;
    if (isObject(c.gateway.auth)) {
      delete c.gateway.auth.token;
      prune(c.gateway, "auth");
    }
  }
  if (isObject(c.agent)) {
    delete c.agent.model;
    prune(c, "agent");
  }
  if (isObject(c.agents)) {
    if (isObject(c.agents.defaults)) {
      if (isObject(c.agents.defaults.model)) delete c.agents.defaults.model.primary;
      prune(c.agents.defaults, "model");
    }
    prune(c.agents, "defaults");
    prune(c, "agents");
  }
  const cli = isObject(c.auth) && isObject(c.auth.profiles) ? c.auth.profiles["anthropic:claude-cli"] : undefined;
  if (isObject(cli)) delete cli.mode;
  return c;
}

/** What each migration owns, as it must look afterwards (when every parent is an object). */
function expectOwnedMigrated(before: Json, after: Json, planned: boolean): void {
  const gateway = before.gateway;
  if (isObject(gateway) && typeof gateway.token === "string") {
    const current = isObject(gateway.auth) ? gateway.auth.token : undefined;
    if (current === undefined || current === gateway.token) {
      expect(after.gateway.token).toBeUndefined();
      expect(after.gateway.auth.token).toBe(gateway.token);
    } else expect(after.gateway).toEqual(gateway);
  }
  const model = isObject(before.agent) ? before.agent.model : undefined;
  if (typeof model === "string") {
    const primary = before.agents?.defaults?.model?.primary;
    if (primary === undefined || primary === model) {
      expect(after.agents.defaults.model.primary).toBe(model);
      const { model: _, ...rest } = before.agent;
      expect(after.agent).toEqual(Object.keys(rest).length ? rest : undefined);
    } else expect(after.agent).toEqual(before.agent);
  }
  const mode = before.auth?.profiles?.["anthropic:claude-cli"]?.mode;
  if (mode !== undefined)
    expect(after.auth.profiles["anthropic:claude-cli"].mode).toBe(mode === "token" ? "oauth" : mode);
  if (planned) expect(after.meta).toMatchObject({ lastTouchedVersion: VERSION, lastTouchedAt: STAMP_AT });
}

/** Replays a plan's ops on each file's text, as the transaction will: must agree with plan.after. */
function expectApplyAgreesWithPlan(raw: RawState, plan: ReturnType<typeof planMigrations>): void {
  for (const [file, ops] of groupOpsByFile(plan.changes.flatMap((change) => change.ops))) {
    const outcome = applyOpsToFile(fileIn(raw, file)?.text, ops);
    const planned = fileIn(plan.after, file);
    if (planned === undefined) continue; // a file the snapshot does not model (auth.json.bak)
    expect(outcome.deleted ? undefined : (outcome.text ?? fileIn(raw, file)?.text), file).toBe(planned.text);
  }
}

// ---------------------------------------------------------------- the properties

describe("migrations on random configs", () => {
  it(
    "keep every key they do not own, move the ones they do, and are idempotent",
    () => {
      fc.assert(
        fc.property(wellFormedConfig, jsoncStyle, (config, jsonc) => {
          const text = renderJsonc(config, jsonc);
          const before = parse(text);
          const raw = rawState({ config: text });
          const plan = planMigrations(raw, migrations, NOW);
          expect(plan.failure).toBeUndefined();
          if (before.meta?.lastTouchedVersion === "2099.1.0") {
            expect(plan).toMatchObject({ changes: [], newerVersion: "2099.1.0" });
            return;
          }
          const afterText = plan.after.config.text!;
          if (plan.changes.length === 0) expect(afterText).toBe(text);
          const after = parse(afterText);
          expect(unowned(after)).toEqual(unowned(before));
          expectOwnedMigrated(before, after, plan.changes.length > 0);
          expectApplyAgreesWithPlan(raw, plan);
          // Idempotent: the state the plan leaves has nothing left to migrate.
          expect(planMigrations(plan.after, migrations, NOW).changes).toEqual([]);
        }),
        { numRuns: runs(400) },
      );
    },
    TIME_LIMIT,
  );

  it("a config with none of the legacy shapes plans nothing and keeps its text", () => {
    const noLegacy = wellFormedConfig.filter(
      (c) =>
        !(
          typeof c.gateway?.token === "string" ||
          typeof c.agent?.model === "string" ||
          c.auth?.profiles?.["anthropic:claude-cli"]?.mode === "token"
        ),
    );
    fc.assert(
      fc.property(noLegacy, jsoncStyle, (config, jsonc) => {
        const text = renderJsonc(config, jsonc);
        const plan = planMigrations(rawState({ config: text }), migrations, NOW);
        expect(plan.changes).toEqual([]);
        expect(plan.after.config.text).toBe(text);
      }),
    );
  });
});

/** A state with agents main and work: a store (or none) and a flat auth.json (or none) each. */
function stateWithFlatAuth(agents: Record<string, { store?: string; authJson?: string }>): RawState {
  const raw = rawState({ config: { agents: { list: [{ id: "main", default: true }, { id: "work" }] } } });
  const file = (path: string, text: string | undefined) =>
    text === undefined ? { path, status: "missing" as const } : { path, status: "ok" as const, text, mode: 0o600 };
  for (const [id, { store, authJson }] of Object.entries(agents)) {
    raw.stores.set(id, file(agentStorePath(TEST_PATHS, id), store));
    if (authJson !== undefined) raw.legacy.authJson.set(id, file(legacyAuthJsonPath(TEST_PATHS, id), authJson));
  }
  raw.agentDirs = Object.keys(agents).sort();
  return raw;
}

const provider = fc.constantFrom("anthropic", "openrouter", "openai", "github-copilot", "openai-codex", "zai");
const flatEntry = fc.oneof(
  secretish,
  secretish.map((apiKey) => ({ apiKey })),
  secretish.map((key) => ({ key })),
  fc.record({ token: secretish, expires: fc.nat() }),
  fc.record({ access: secretish, refresh: secretish, expiresAt: fc.nat() }),
  anyJson,
);
const storeProfile = fc.record({ type: fc.constantFrom("api_key", "token", "oauth"), provider, key: secretish });

describe("the flat auth.json merge on random stores", () => {
  it(
    "keeps every existing profile and store key, adds each known entry once, and is idempotent",
    () => {
      const agentState = fc.record({
        storeExtra: extras(["version", "profiles"]),
        hasVersion: fc.boolean(),
        profiles: fc.option(
          fc.dictionary(
            fc.oneof(
              provider.map((p) => `${p}:default`),
              keyExcept([]),
            ),
            storeProfile,
            { maxKeys: 4 },
          ),
          { nil: undefined },
        ),
        flat: fc.option(fc.dictionary(fc.oneof(provider, keyExcept([])), flatEntry, { maxKeys: 5 }), {
          nil: undefined,
        }),
        storeStyle: jsoncStyle,
      });
      fc.assert(
        fc.property(agentState, agentState, (main, work) => {
          const agents: Record<string, { store?: string; authJson?: string }> = {};
          const input = { main, work };
          for (const [id, a] of Object.entries(input)) {
            const store =
              a.profiles === undefined && !a.hasVersion
                ? undefined
                : renderJsonc(
                    withExtras(a.storeExtra, { version: a.hasVersion ? 1 : undefined, profiles: a.profiles }),
                    a.storeStyle,
                  );
            agents[id] = { store, authJson: a.flat === undefined ? undefined : JSON.stringify(a.flat, null, 2) };
          }
          const raw = stateWithFlatAuth(agents);
          const plan = planMigrations(raw, migrations, NOW);
          expect(plan.failure).toBeUndefined();
          for (const [id, a] of Object.entries(input)) {
            const after = fileIn(plan.after, agentStorePath(TEST_PATHS, id))!;
            if (a.flat === undefined) {
              expect(after.text).toBe(agents[id].store);
              continue;
            }
            const before = agents[id].store === undefined ? {} : parse(agents[id].store!);
            const store = parse(after.text!);
            const { profiles: beforeProfiles = {}, version: _v, ...beforeRest } = before;
            const { profiles: afterProfiles, version, ...afterRest } = store;
            expect(afterRest).toEqual(beforeRest);
            expect(version).toBe(before.version ?? 1);
            const flat = JSON.parse(agents[id].authJson!);
            const expected = { ...beforeProfiles };
            for (const [p, entry] of Object.entries(flat)) {
              const profile = toProfile(p, entry);
              if (profile && !(`${p}:default` in expected)) expected[`${p}:default`] = profile;
            }
            expect(afterProfiles ?? {}).toEqual(expected);
            expect(fileIn(plan.after, legacyAuthJsonPath(TEST_PATHS, id))!.status).toBe("missing");
          }
          expectApplyAgreesWithPlan(raw, plan);
          expect(planMigrations(plan.after, migrations, NOW).changes).toEqual([]);
        }),
        { numRuns: runs(200) },
      );
    },
    TIME_LIMIT,
  );
});

/** Legacy shapes whose surroundings are random JSON values instead of objects. */
const oddShapes = fc
  .record({
    meta: fc.option(anyJson, { nil: undefined }),
    gatewayAuth: fc.option(anyJson, { nil: undefined }),
    agentsValue: fc.option(anyJson, { nil: undefined }),
    defaults: fc.option(anyJson, { nil: undefined }),
    defaultsModel: fc.option(anyJson, { nil: undefined }),
    profiles: fc.option(anyJson, { nil: undefined }),
  })
  .map((odd): Json =>
    withExtras(
      {},
      {
        meta: odd.meta,
        gateway: { token: "gw-legacy-0000", auth: odd.gatewayAuth },
        agent: { model: "anthropic/claude-opus-4-5" },
        agents:
          odd.agentsValue ??
          (odd.defaults !== undefined
            ? { defaults: odd.defaults }
            : odd.defaultsModel !== undefined
              ? { defaults: { model: odd.defaultsModel } }
              : undefined),
        auth: { profiles: odd.profiles ?? { "anthropic:claude-cli": { mode: "token" } } },
      },
    ),
  );

describe("planMigrations never throws", () => {
  const text = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.jsonValue().map((value) => JSON.stringify(value) ?? ""),
    // Almost a config: a legacy shape with random garbage spliced in.
    fc.tuple(fc.nat({ max: 120 }), fc.string({ maxLength: 6 })).map(([at, junk]) => {
      const good =
        '{ "gateway": { "token": "gw-aaaa" }, "agent": { "model": "m" }, "auth": { "profiles": { "anthropic:claude-cli": { "mode": "token" } } } }';
      return good.slice(0, at) + junk + good.slice(at);
    }),
  );

  it(
    "on random bytes as the config",
    () => {
      fc.assert(
        fc.property(text, (config) => {
          const plan = planMigrations(rawState({ config }), migrations, NOW);
          expect(Array.isArray(plan.changes)).toBe(true);
        }),
        { numRuns: runs(500) },
      );
    },
    TIME_LIMIT,
  );

  it(
    "on random bytes as the flat auth.json and the store: a failure at most, never a throw",
    () => {
      fc.assert(
        fc.property(text, fc.option(text, { nil: undefined }), (authJson, store) => {
          const plan = planMigrations(stateWithFlatAuth({ main: { store, authJson } }), migrations, NOW);
          if (plan.failure) {
            expect(plan.failure.migrationId).toBe("auth.json-to-auth-profiles");
            expect(plan.changes).toEqual([]);
          }
        }),
        { numRuns: runs(300) },
      );
    },
    TIME_LIMIT,
  );

  it(
    "on random JSON values where the migrations expect objects (gateway, gateway.auth, agent, agents…, meta)",
    () => {
      fc.assert(
        fc.property(oddShapes, (config) => {
          const plan = planMigrations(rawState({ config: JSON.stringify(config, null, 2) }), migrations, NOW);
          expect(Array.isArray(plan.changes)).toBe(true);
        }),
        { numRuns: runs(300) },
      );
    },
    TIME_LIMIT,
  );
});

describe("a plan is one the transaction can apply", () => {
  // Was a bug: planMigrations (src/engine/migrate.ts) builds each next state with withOps, which skips an
  // op that throws (src/engine/virtual-state.ts: "the transaction reports it"). So a migration may
  // plan an edit that cannot be applied, planMigrations reports no failure, plan.after silently
  // lacks the edit (a second plan plans it again), and only the transaction's writeAll throws,
  // blaming the first change of the run. Counterexamples (fast-check shrinks to these):
  //   { "agent": { "model": "m" }, "agents": { "defaults": { "model": "openai/gpt-5" } } }
  //     → agent.model-to-agents.defaults.model.primary: "agents.defaults.model is not an object";
  //   { "meta": "x", "gateway": { "token": "t" } } → the stamp: "meta is not an object";
  //   { "agent": { "model": "m" }, "agents": [] } → agents is an array.
  // Expected: either plan.failure names the migration (and nothing is planned), or the migration
  // plans nothing for a shape it cannot edit; never a plan whose ops throw.
  it("every op of a plan applies, or the plan is a failure naming the migration", () => {
    const examples: [Json][] = [
      [{ agent: { model: "m" }, agents: { defaults: { model: "openai/gpt-5" } } }],
      [{ meta: "x", gateway: { token: "t" } }],
      [{ agent: { model: "m" }, agents: [] }],
    ];
    fc.assert(
      fc.property(oddShapes, (config) => {
        const raw = rawState({ config: JSON.stringify(config, null, 2) });
        const plan = planMigrations(raw, migrations, NOW);
        if (plan.failure) return;
        for (const [file, ops] of groupOpsByFile(plan.changes.flatMap((change) => change.ops)))
          applyOpsToFile(fileIn(raw, file)?.text, ops);
        expect(planMigrations(plan.after, migrations, NOW).changes).toEqual([]);
      }),
      { examples, numRuns: 50 },
    );
  });

  // Was a bug: the same, in the auth store: migrations/2025.11.0-auth-json-to-auth-profiles.ts plans
  // json-set ["profiles", "<provider>:default"] into a store whose "profiles" is not an object.
  // Input: store `{"version":1,"profiles":[]}` and auth.json `{"openrouter":"sk-or-…"}`. Expected:
  // plan.failure naming auth.json-to-auth-profiles and the store. Actual: no failure; the ops throw
  // "Can not add index to parent of type array" when applied (at write time, in the CLI).
  it("a store whose profiles is not an object: the plan fails, naming the store", () => {
    for (const profiles of ["[]", '"none"', "7"]) {
      const raw = stateWithFlatAuth({
        main: {
          store: `{"version":1,"profiles":${profiles}}`,
          authJson: '{"openrouter":"sk-or-v1-PROPflat0000000000000000"}',
        },
      });
      const plan = planMigrations(raw, migrations, NOW);
      expect(plan.failure, profiles).toMatchObject({
        migrationId: "auth.json-to-auth-profiles",
        file: agentStorePath(TEST_PATHS, "main"),
      });
    }
  });
});
