import { defineRule } from "../../src/rule.js";
import { ConfigSchema, unknownOwnedKeys } from "../../src/snapshot/config-schema.js";
import {
  duplicateKeyProblems,
  editAdvice,
  formatJsonPath,
  readProblems,
  schemaProblems,
} from "../../src/snapshot/json-problems.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "config/invalid",
  title: "The config cannot be read, does not parse, or has values of the wrong type",
  severity: "error",
  fix: "none", // a broken config is never rewritten blindly: only the user knows what was meant
  docs: `The config (~/.clawdia/clawdia.json, JSON with comments) must parse, and the keys Clawdia owns
(meta, agents.list, models.default and .aliases, auth, env) must have the right types. A file that does
not parse stops the gateway from starting; a value of the wrong type is ignored and its default used.
Keys under auth, env and meta that Clawdia does not know are reported as info (often a typo) and kept.
Other top-level keys belong to the gateway and are left alone.

Bad:  "auth": { "expiryWarnHours": "24", }   (a string)       "auth": { "order": { "anthropic": "x" } }
Good: "auth": { "expiryWarnHours": 24, }                       "auth": { "order": { "anthropic": ["x"] } }`,
  examples: {
    bad: [
      { caption: "a string where a number belongs", config: { auth: { expiryWarnHours: "24" } } },
      {
        caption: "a key written twice: the last one wins",
        config: '{ "auth": { "expiryWarnHours": 24, "expiryWarnHours": 48 } }\n',
      },
      { caption: "a key Clawdia does not know (a typo?), kept as it is", config: { auth: { expiryWarnHour: 24 } } },
    ],
    good: [
      {
        config:
          '// comments and trailing commas are fine\n{ "auth": { "expiryWarnHours": 24, "order": { "anthropic": ["anthropic:default"] }, }, }\n',
      },
    ],
  },
  check({ snapshot, paths }) {
    const doc = snapshot.config;
    const file = doc.file.path;
    const unreadable = readProblems(doc, paths.home);
    if (unreadable.length)
      return unreadable.map(({ message, advice, line, column }) => ({
        message,
        subject: { file, line, column },
        advice,
      }));
    if (doc.value === undefined) return []; // no config: the defaults apply
    const findings: RuleFinding[] = schemaProblems(ConfigSchema, doc.value).map(({ path, message }) => ({
      message,
      subject: { file, path },
      advice: [editAdvice(file, paths.home), "clawdia doctor"],
    }));
    for (const { path, message, line, column } of duplicateKeyProblems(doc)) {
      findings.push({
        severity: "warning",
        message,
        subject: { file, path, line, column },
        advice: [editAdvice(file, paths.home)],
      });
    }
    for (const path of unknownOwnedKeys(doc.value)) {
      findings.push({
        severity: "info",
        message: `${formatJsonPath(path)}: unknown key, kept as it is`,
        subject: { file, path },
      });
    }
    return findings;
  },
});
