// An example state (src/rule-example.ts) as Markdown: each file it holds, under the name the user
// knows it by, with its exact text. A field it does not know stops the render, so a new kind of
// example state cannot silently go missing from the docs.
import { agentStorePath, displayPath } from "../../src/paths.js";
import { EXAMPLE_PATHS, type ExampleDaemon, type ExampleState } from "../../src/rule-example.js";

const paths = EXAMPLE_PATHS;
const show = (file: string) => displayPath(file, paths.home);

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2) + "\n";
}

/** A fenced block that no backtick run inside the text can close. */
export function fenced(text: string, lang = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${text.endsWith("\n") ? text : text + "\n"}${fence}`;
}

/** Text for Markdown: outside code spans, a < that would open an HTML tag ("<agentId>") is escaped. */
export function text(markdown: string): string {
  return markdown
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 ? part : part.replace(/</g, "&lt;")))
    .join("");
}

/** An inline code span that backticks inside the text cannot close. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const ticks = "`".repeat(longest + 1);
  return longest ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

function fileBlock(name: string, text: string, lang: string): string {
  return `${code(name)}:\n\n${fenced(text, lang)}`;
}

const octal = (mode: number) => "0" + mode.toString(8).padStart(3, "0");

function roleName(role: string): string {
  if (role === "config") return show(paths.configPath);
  if (role === "dotenv") return show(paths.dotenvPath);
  if (role === "stateDir") return show(paths.stateDir);
  if (role.startsWith("store:")) return show(agentStorePath(paths, role.slice("store:".length)));
  throw new Error(`render-docs: unknown file role "${role}" in an example`);
}

function daemonParts(daemon: ExampleDaemon): string[] {
  const parts: string[] = [];
  if (daemon.systemd === undefined) parts.push(`No gateway daemon installed (no \`${show(paths.systemdUnitPath)}\`).`);
  else parts.push(fileBlock(show(paths.systemdUnitPath), daemon.systemd, "ini"));
  (daemon.dropIns ?? []).forEach((text, i) =>
    parts.push(fileBlock(`${show(paths.systemdUnitPath)}.d/${String(i).padStart(2, "0")}.conf`, text, "ini")),
  );
  for (const [file, text] of Object.entries(daemon.envFiles ?? {})) parts.push(fileBlock(show(file), text, "sh"));
  const version = daemon.systemdVersion;
  if (version)
    parts.push(
      version.version !== undefined
        ? `\`systemctl --version\`: systemd ${version.version}.`
        : `\`systemctl --version\` gave nothing: ${version.unknown}.`,
    );
  const shell = daemon.shellEnv;
  if (shell) {
    const outcome =
      shell.status === "ok"
        ? `answered in ${shell.durationMs} ms`
        : shell.status === "timeout"
          ? `was stopped after ${shell.durationMs} ms (bound ${shell.timeoutMs} ms)`
          : `failed after ${shell.durationMs} ms: ${shell.reason}`;
    parts.push(`The login shell (\`${shell.shell} -l\`) ${outcome}.`);
  }
  return parts;
}

const RENDERERS: { [K in keyof Required<ExampleState>]: (value: NonNullable<ExampleState[K]>) => string[] } = {
  stateDir: (kind) => [
    kind === "missing"
      ? `\`${show(paths.stateDir)}\` does not exist.`
      : `\`${show(paths.stateDir)}\` is a file, not a directory.`,
  ],
  config: (config) => [fileBlock(show(paths.configPath), asText(config), "jsonc")],
  stores: (stores) =>
    Object.entries(stores).map(([id, store]) => fileBlock(show(agentStorePath(paths, id)), asText(store), "json")),
  dotenv: (text) => [fileBlock(show(paths.dotenvPath), text, "sh")],
  claudeCode: (credentials) => [fileBlock(show(paths.claudeCredentialsPath), asText(credentials), "json")],
  env: (env) => [
    `The shell doctor runs in:\n\n${fenced(
      Object.entries(env)
        .map(([key, value]) => `export ${key}=${JSON.stringify(value)}`)
        .join("\n"),
      "sh",
    )}`,
  ],
  modes: (modes) => [
    `Permissions: ${Object.entries(modes)
      .map(([role, mode]) => `\`${roleName(role)}\` ${octal(mode)}`)
      .join(", ")}.`,
  ],
  symlinks: (links) =>
    Object.entries(links).map(([role, target]) => `\`${roleName(role)}\` is a symbolic link to \`${show(target)}\`.`),
  daemon: daemonParts,
  platform: (platform) => [`Platform: ${platform}.`],
};

/** The state's parts, in a fixed order; an empty state is said to be one. */
export function renderState(state: ExampleState & { caption?: string }): string {
  const parts: string[] = [];
  for (const key of Object.keys(state)) {
    if (key !== "caption" && !(key in RENDERERS))
      throw new Error(
        `render-docs: an example has "${key}", which docs cannot show yet (scripts/docs/render-state.ts)`,
      );
  }
  for (const [key, render] of Object.entries(RENDERERS) as [keyof ExampleState, (value: unknown) => string[]][]) {
    if (state[key] !== undefined) parts.push(...render(state[key]));
  }
  return parts.length ? parts.join("\n\n") : `An empty state directory \`${show(paths.stateDir)}\`.`;
}
