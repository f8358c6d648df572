import { defineRule } from "../../src/rule.js";
import { CLAUDE_CODE_ONLY_ERROR, CREATE_ANTHROPIC_KEY } from "../../src/auth/credential-shape.js";
import { agentIdsToCheck, gatewayCredential, isClaudeCodeToken } from "../../src/auth/credentials.js";
import { fingerprint } from "../../src/auth/fingerprint.js";
import { envKeyFor, providersInUse } from "../../src/auth/providers.js";
import { displayPath } from "../../src/paths.js";
import type { RuleFinding } from "../../src/types.js";

const CREATE_KEY = CREATE_ANTHROPIC_KEY;
const NOT_A_KEY = "holds a Claude Code token, not an API key";

export default defineRule({
  id: "auth/claude-code-only-credential",
  title: "A Claude Code credential is used where an API key is needed",
  severity: "error",
  fix: "manual",
  docs: `Claude Code OAuth and setup-tokens (sk-ant-oat…) are only accepted by Anthropic from Claude Code
itself. Sent as an API key they fail with "This credential is only authorized for use with Claude Code
and cannot be used for other API requests." This rule finds such a token stored as an api_key profile or
put in ANTHROPIC_API_KEY (shell, ~/.clawdia/.env or config env.vars), and the gateway's recorded error.
It is an error where the gateway is left with nothing that works for Anthropic, and a warning, naming
the credential the gateway uses instead, where it skips this one (a refused profile is left out of the
candidates; only the first source of ANTHROPIC_API_KEY counts).

Bad:  ANTHROPIC_API_KEY=sk-ant-oat01-… in ~/.clawdia/.env.
Good: ANTHROPIC_API_KEY=sk-ant-api03-… (an API key from the Anthropic Console) in ~/.clawdia/.env.`,
  examples: {
    bad: [
      {
        caption: "a Claude Code token as ANTHROPIC_API_KEY, and nothing else for Anthropic",
        dotenv: "ANTHROPIC_API_KEY=sk-ant-oat01-EXAMPLEclaudeCodeTOKEN01\n",
      },
      {
        caption: "the same, but a stored API key works: the gateway skips the token",
        dotenv: "ANTHROPIC_API_KEY=sk-ant-oat01-EXAMPLEclaudeCodeTOKEN01\n",
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
    good: [
      {
        caption: "an API key from the Anthropic Console",
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n",
      },
    ],
  },
  check({ snapshot, paths, now }) {
    const findings: RuleFinding[] = [];
    // An error only where the gateway is left with nothing that works (then auth/missing-credentials
    // says so too); a bad credential the gateway skips for a working one is a warning, naming that one.
    const inUse = providersInUse(snapshot.configView);
    const judged = (finding: RuleFinding, agentIds: string[], provider = "anthropic"): RuleFinding => {
      if (!inUse.has(provider))
        return { ...finding, severity: "warning", message: `${finding.message}; ${provider} is not in use` };
      const working = agentIds.map((agentId) => gatewayCredential(snapshot, provider, agentId, now));
      if (working.some((credential) => credential === undefined)) return finding;
      const uses = [...new Set(working.map((credential) => credential!.label))].join(", ");
      return { ...finding, severity: "warning", message: `${finding.message}; the gateway skips it and uses ${uses}` };
    };
    const shown = (file: string) => displayPath(file, paths.home);
    const dotenv = shown(paths.dotenvPath);

    for (const profile of snapshot.profiles) {
      if (profile.type !== "api_key" || !profile.secret || !isClaudeCodeToken(profile.secret)) continue;
      findings.push(
        judged(
          {
            message: `${profile.id} (agent ${profile.agentId}) is an api_key profile but ${NOT_A_KEY} (${fingerprint(profile.secret)})`,
            subject: {
              agentId: profile.agentId,
              profileId: profile.id,
              provider: profile.provider,
              file: profile.storePath,
              path: ["profiles", profile.id, "key"],
            },
            advice: [
              CREATE_KEY,
              `clawdia onboard --non-interactive --provider ${profile.provider} --auth-choice api-key --store profile --profile-id ${profile.id} (paste the new key when asked)`,
              "clawdia models status",
            ],
          },
          [profile.agentId],
          profile.provider,
        ),
      );
    }

    const key = envKeyFor("anthropic");
    // The places ANTHROPIC_API_KEY can come from, in the gateway's order, and how to replace each.
    const places = [
      {
        value: snapshot.raw.env[key],
        where: `${key} in the shell environment`,
        subject: { provider: "anthropic" },
        replace: `export ${key}=… (the new key, where your shell sets it now; for the daemon, put ${key}=… in ${dotenv})`,
      },
      {
        value: snapshot.dotenv.parsed.vars[key],
        where: `${key} in ${dotenv} (line ${snapshot.dotenv.parsed.lines[key]})`,
        subject: { provider: "anthropic", file: paths.dotenvPath },
        replace: `replace ${key}=… in ${dotenv} with the new key, then restart the gateway`,
      },
      {
        value: snapshot.configView.envVars[key],
        where: `env.vars.${key} in ${shown(paths.configPath)}`,
        subject: { provider: "anthropic", file: paths.configPath, path: ["env", "vars", key] },
        replace: `replace env.vars.${key} in ${shown(paths.configPath)} with the new key (or move it to ${dotenv})`,
      },
    ];
    for (const { value, where, subject, replace } of places) {
      if (!value || !isClaudeCodeToken(value)) continue;
      findings.push(
        judged(
          {
            message: `${where} ${NOT_A_KEY} (${fingerprint(value)})`,
            subject,
            advice: [CREATE_KEY, replace, "clawdia models status"],
          },
          agentIdsToCheck(snapshot),
        ),
      );
    }

    for (const agent of snapshot.agents) {
      for (const [profileId, stats] of Object.entries(agent.view.usageStats)) {
        const provider = agent.view.profiles.find((profile) => profile.id === profileId)?.provider ?? "anthropic";
        // errorCount 0 means the profile has worked since the error was recorded.
        if (!stats.lastError?.includes(CLAUDE_CODE_ONLY_ERROR) || stats.errorCount === 0) continue;
        findings.push(
          judged(
            {
              // Only our own copy of the phrase is quoted: the recorded error is free text.
              message: `${profileId} (agent ${agent.id}) was refused by Anthropic: "${CLAUDE_CODE_ONLY_ERROR}"`,
              subject: {
                agentId: agent.id,
                profileId,
                provider,
                file: agent.store.file.path,
                path: ["usageStats", profileId, "lastError"],
              },
              advice: [
                CREATE_KEY,
                `export ${key}=… (or put ${key}=… in ${dotenv} for the daemon)`,
                "clawdia models status",
                "alternative: clawdia models auth setup-token --provider anthropic",
              ],
            },
            [agent.id],
            provider,
          ),
        );
        const last = findings.at(-1)!;
        // Skipped for a working credential: exporting a key (done already) would change nothing.
        if (last.severity === "warning")
          last.advice = ["clawdia models status   # shows it left out, and what the gateway uses instead"];
      }
    }
    return findings;
  },
});
