// No env rule puts a credential in what users see (message, advice, subject, fix title), and every
// secret the daemon's definition holds is known to the masker.
import { describe, expect, it } from "vitest";
import { rules } from "../../../rules/index.js";
import { plistSecretStrings } from "../../../src/daemon/collect-secrets.js";
import { collectSecrets, isSecretName, looksLikeSecret } from "../../../src/secrets.js";
import { buildSnapshot } from "../../../src/snapshot/snapshot.js";
import { rawState, type TestState, NOW } from "../../support/state.js";
import type { RawState } from "../../../src/snapshot/read-state.js";
import { launchd, plist, systemd } from "./daemon-state.js";

const S = {
  shell: "sk-ant-api03-PLANTEDshellSHELLshell01",
  dotenv: "sk-ant-api03-PLANTEDdotenvDOTENVdot02",
  unit: "sk-or-v1-PLANTEDunitUNITunitUNIT03",
  dropIn: "plantedDropInGatewayToken04",
  envFile: "sk-ant-api03-PLANTEDenvFILEenvFILE05",
  exec: "plantedExecStartToken06xyz",
  loginShell: "sk-ant-api03-PLANTEDloginSHELLlogin07",
  plistVar: "plantedPlistGatewayToken08",
  plistArg: "plantedPlistArgumentToken09",
  shellToken: "plantedShellGatewayToken10",
};

const state: TestState = {
  env: {
    ANTHROPIC_API_KEY: S.shell,
    OPENROUTER_API_KEY: "sk-or-v1-shellOPENROUTERshell11",
    CLAWDIA_GATEWAY_TOKEN: S.shellToken,
  },
  dotenv: `ANTHROPIC_API_KEY=${S.dotenv}\nbroken ${S.dotenv}\nANTHROPIC_API_KEY=${S.dotenv}\n`,
  config: { models: { aliases: { fast: "openrouter/x", oai: "openai/gpt" } }, env: { shellEnv: { enabled: true } } },
};

const unit = `[Service]
ExecStart=/usr/bin/clawdia gateway --auth-token ${S.exec}
Environment="OPENROUTER_API_KEY=${S.unit}" "BROKEN=${S.unit}
EnvironmentFile=/etc/clawdia/keys.env
EnvironmentFile=/etc/clawdia/missing.env
`;
const hooks: [string, (raw: RawState) => void][] = [
  [
    "systemd",
    systemd(unit, {
      dropIns: [`[Service]\nEnvironment=CLAWDIA_GATEWAY_TOKEN=${S.dropIn}\n`],
      envFiles: { "/etc/clawdia/keys.env": `OPENAI_API_KEY=${S.envFile}\nexport X=${S.envFile}\n` },
      shellEnv: {
        status: "ok",
        shell: "/bin/zsh",
        timeoutMs: 15000,
        durationMs: 5,
        vars: { OPENAI_API_KEY: S.loginShell },
      },
    }),
  ],
  [
    "launchd",
    launchd(
      plist({ CLAWDIA_GATEWAY_TOKEN: S.plistVar, OPENROUTER_API_KEY: S.unit }, [
        "/usr/bin/clawdia",
        "--token",
        S.plistArg,
      ]),
      { status: "failed", shell: "/bin/zsh", timeoutMs: 1, durationMs: 1, reason: "x" },
    ),
  ],
];

describe.each(hooks)("env rules never show a secret (%s)", (_, hook) => {
  const raw = rawState(state);
  hook(raw);
  const snapshot = buildSnapshot(raw);
  const envRules = rules.filter((rule) => rule.category === "env");
  const findings = envRules.flatMap((rule) =>
    rule
      .check({ snapshot, config: snapshot.configView, paths: raw.paths, now: NOW })
      .map((finding) => ({ rule: rule.id, finding })),
  );

  it("the state exercises the env rules", () => {
    expect(new Set(findings.map((f) => f.rule)).size).toBeGreaterThanOrEqual(4);
  });

  it.each(Object.entries(S))("%s is in no message, advice, subject or fix title", (_, secret) => {
    for (const { rule, finding } of findings) {
      const shown = JSON.stringify([finding.message, finding.advice, finding.subject, finding.fix?.title]);
      expect(shown, `${rule}: ${finding.message}`).not.toContain(secret);
    }
  });
});

describe("collectSecrets knows the daemon's secrets, so every output masks them", () => {
  it.each(hooks)("%s", (kind, hook) => {
    const raw = rawState(state);
    hook(raw);
    const secrets = collectSecrets(buildSnapshot(raw));
    const planted =
      kind === "systemd" ? [S.unit, S.dropIn, S.envFile, S.exec, S.loginShell] : [S.plistVar, S.plistArg, S.unit];
    for (const secret of planted) expect(secrets, secret).toContain(secret);
  });

  it("launchd without the parser loaded (a command that never shows the daemon): the XML is scanned", () => {
    const text = plist({ CLAWDIA_GATEWAY_TOKEN: "planted&gateway<token>", PATH: "/usr/bin:/bin" }, [
      "/usr/bin/clawdia",
      S.shell,
    ]);
    const tests = { isSecretName, looksLikeSecret };
    expect(plistSecretStrings(text, tests).sort()).toEqual(["planted&gateway<token>", S.shell].sort());
  });
});
