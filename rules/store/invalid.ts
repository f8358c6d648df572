import { defineRule } from "../../src/rule.js";
import { duplicateKeyProblems, editAdvice, readProblems, schemaProblems } from "../../src/snapshot/json-problems.js";
import { StoreSchema } from "../../src/snapshot/store-schema.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "store/invalid",
  title: "An agent auth store cannot be read, does not parse, or has values of the wrong type",
  severity: "error",
  fix: "none", // stores hold credentials: never rewritten blindly
  docs: `Each agent's auth store (~/.clawdia/agents/<agentId>/agent/auth-profiles.json) holds its credentials.
If it does not parse, the agent has no stored credentials at all, and the sync from Claude Code skips it.
A profile needs a type (oauth, token or api_key) and the field that holds its credential (access,
token or key); expires is a number of milliseconds. Messages never show the values: they are secrets.
Stop the gateway before editing a store by hand: it writes the file too.

Bad:  "anthropic:default": { "type": "apikey", "key": "sk-ant-api03-…" }
Good: "anthropic:default": { "type": "api_key", "provider": "anthropic", "key": "sk-ant-api03-…" }`,
  examples: {
    bad: [
      {
        caption: "an unknown type",
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:default": {
                type: "apikey",
                provider: "anthropic",
                key: "sk-ant-api03-EXAMPLEapiKeyAPIKEY0001",
              },
            },
          },
        },
      },
      {
        caption: "a profile whose id names another provider",
        stores: {
          main: {
            version: 1,
            profiles: {
              "openrouter:work": {
                type: "api_key",
                provider: "anthropic",
                key: "sk-ant-api03-EXAMPLEapiKeyAPIKEY0001",
              },
            },
          },
        },
      },
    ],
    good: [
      {
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:default": {
                type: "api_key",
                provider: "anthropic",
                key: "sk-ant-api03-EXAMPLEapiKeyAPIKEY0001",
              },
            },
          },
        },
      },
    ],
  },
  check({ snapshot, paths }) {
    const findings: RuleFinding[] = [];
    for (const agent of snapshot.agents) {
      const doc = agent.store;
      const file = doc.file.path;
      const unreadable = readProblems(doc, paths.home);
      for (const { message, advice, line, column } of unreadable)
        findings.push({ message, subject: { agentId: agent.id, file, line, column }, advice });
      if (unreadable.length || doc.value === undefined) continue;
      const advice = ["stop the gateway (it writes this file too)", editAdvice(file, paths.home), "clawdia doctor"];
      for (const { path, message, line, column } of duplicateKeyProblems(doc)) {
        findings.push({
          severity: "warning",
          message: `agent ${agent.id}: ${message}`,
          subject: { agentId: agent.id, profileId: profileIdIn(path), file, path, line, column },
          advice,
        });
      }
      // A profile id names its provider ("openrouter:work"): one that says another is a mix-up.
      for (const profile of agent.view.profiles) {
        const prefix = profile.id.includes(":") ? profile.id.split(":")[0] : undefined;
        if (!prefix || prefix === profile.provider) continue;
        findings.push({
          severity: "warning",
          message: `agent ${agent.id}: profile ${profile.id} has provider "${profile.provider}", but its id says ${prefix}`,
          subject: {
            agentId: agent.id,
            profileId: profile.id,
            provider: profile.provider,
            file,
            path: ["profiles", profile.id, "provider"],
          },
          advice,
        });
      }
      for (const { path, message } of schemaProblems(StoreSchema, doc.value)) {
        findings.push({
          message: `agent ${agent.id}: ${message}`,
          subject: { agentId: agent.id, profileId: profileIdIn(path), file, path },
          advice: ["stop the gateway (it writes this file too)", editAdvice(file, paths.home), "clawdia doctor"],
        });
      }
    }
    return findings;
  },
});

/** profiles.<id>…, usageStats.<id>… → <id>. */
function profileIdIn(path: (string | number)[]): string | undefined {
  return (path[0] === "profiles" || path[0] === "usageStats") && typeof path[1] === "string" ? path[1] : undefined;
}
