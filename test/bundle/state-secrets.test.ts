// Which values of the state the bundle matches exactly everywhere.
import { describe, expect, it } from "vitest";
import { bundleSecrets } from "../../src/bundle/state-secrets.js";
import { snapshotOf } from "../support/state.js";

describe("bundleSecrets", () => {
  it("takes the engine's secrets, and drops ordinary .env and env.vars values that would blank out logs", () => {
    const snapshot = snapshotOf({
      config: {
        env: {
          vars: {
            NODE_ENV: "production",
            DEFAULT_MODEL: "anthropic/claude-opus-4-5",
            OPENROUTER_API_KEY: "sk-or-v1-abcdefghijklmnop",
            HOOK: "hK7xP9mZ4wR2tY8uV3nB6cL1aS5d",
          },
        },
      },
      dotenv: "LOG_LEVEL=verbose-debug\nGATEWAY_SHARED_SECRET=opaque-shared-value\n",
      stores: {
        main: {
          version: 1,
          profiles: {
            "anthropic:default": { type: "api_key", provider: "anthropic", key: "sk-ant-api03-storekey123456" },
          },
        },
      },
    });
    const secrets = bundleSecrets(snapshot, [
      { name: "MY_TOKEN", value: "unit-token-value" },
      { name: "NODE_ENV", value: "production" },
    ]);
    expect(secrets).toEqual(
      expect.arrayContaining([
        "sk-or-v1-abcdefghijklmnop",
        "hK7xP9mZ4wR2tY8uV3nB6cL1aS5d",
        "opaque-shared-value",
        "sk-ant-api03-storekey123456",
        "unit-token-value",
      ]),
    );
    for (const ordinary of ["production", "anthropic/claude-opus-4-5", "verbose-debug"])
      expect(secrets).not.toContain(ordinary);
  });

  it("reads secrets out of files that do not parse", () => {
    const snapshot = snapshotOf({
      config: '{ "gateway": { "auth": { "token": "broken-config-token-1" } }, oops',
      stores: { main: '{ "profiles": { "a:b": { "type": "token", "token": "broken-store-token-2" ' },
      claudeCode: '{ "claudeAiOauth": { "accessToken": "sk-ant-oat01-brokenclaude3" ',
    });
    expect(bundleSecrets(snapshot, [])).toEqual(
      expect.arrayContaining(["broken-config-token-1", "broken-store-token-2", "sk-ant-oat01-brokenclaude3"]),
    );
  });
});
