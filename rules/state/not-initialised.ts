import { defineRule } from "../../src/rule.js";
import { displayPath } from "../../src/paths.js";

export default defineRule({
  id: "state/not-initialised",
  title: "There is no Clawdia state yet",
  severity: "info",
  fix: "none",
  docs: `The state directory (~/.clawdia, or $CLAWDIA_STATE_DIR) holds the config, ~/.clawdia/.env and the
agents' auth stores. When it does not exist, or holds none of them, nothing is set up yet: this is
normal on a new machine, and the first steps are onboarding and a credential. A path that exists but is
not a directory is an error: nothing can be stored there.

Bad:  ~/.clawdia does not exist.
Good: \`clawdia onboard\` created ~/.clawdia with a config and an Anthropic API key in ~/.clawdia/.env.`,
  examples: {
    bad: [
      { caption: "a new machine: no ~/.clawdia", stateDir: "missing" },
      { caption: "~/.clawdia is a file", stateDir: "file" },
    ],
    good: [
      {
        caption: "an Anthropic API key in ~/.clawdia/.env is a complete set-up",
        dotenv: "ANTHROPIC_API_KEY=sk-ant-api03-EXAMPLEapiKeyAPIKEY0001\n",
      },
    ],
  },
  check({ snapshot, paths }) {
    const dir = snapshot.raw.stateDir;
    const shown = displayPath(paths.stateDir, paths.home);
    const subject = { file: paths.stateDir };
    if (dir.exists && !dir.isDirectory) {
      const message = dir.error ? `${shown} could not be read: ${dir.error}` : `${shown} is not a directory`;
      return [{ severity: "error", message, subject, advice: [`ls -ld ${shown}`] }];
    }
    // A .env with a key is a complete setup on its own (the default model needs nothing else).
    const nothing = [
      snapshot.config.file,
      snapshot.dotenv.file,
      ...snapshot.agents.map((agent) => agent.store.file),
    ].every((file) => file.status === "missing");
    if (dir.exists && !nothing) return [];
    const why = dir.exists ? ": it has no config, no .env and no agent auth store" : "";
    return [
      {
        message: `No Clawdia state at ${shown}${why}`,
        subject,
        advice: [
          "clawdia onboard",
          "export ANTHROPIC_API_KEY=… (an Anthropic API key)",
          "clawdia models auth setup-token --provider anthropic   # your Claude subscription, through `claude setup-token`",
        ],
      },
    ];
  },
});
