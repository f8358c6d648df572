// `clawdia completion bash|zsh|fish`: a completion script made from the command line's own
// definition (the commander program), so it offers exactly the commands and flags that exist.
import type { Command } from "commander";
import { UsageError } from "../errors.js";

/** A command of the tree: its path of names, its subcommands' names and its flags. */
interface Node {
  path: string[];
  subcommands: string[];
  flags: string[];
}

const SHELLS = ["bash", "zsh", "fish"] as const;

export function completionScript(shell: string, program: Command): string {
  const nodes = commandTree(program);
  if (shell === "bash") return bashScript(nodes);
  if (shell === "zsh")
    return `#compdef clawdia\n# zsh runs the bash completion through bashcompinit.\nautoload -U +X bashcompinit && bashcompinit\n${bashScript(nodes)}`;
  if (shell === "fish") return fishScript(nodes);
  throw new UsageError(`completion: unknown shell "${shell}"; use one of ${SHELLS.join(", ")}`);
}

function commandTree(program: Command): Node[] {
  const nodes: Node[] = [];
  // --state-dir is the program's and is read after any subcommand too; --version only at the top.
  const inherited = program.options.filter((option) => option.long !== "--version").map((option) => option.long!);
  const visit = (command: Command, path: string[]) => {
    const flags = path.length === 0 ? flagsOf(command) : [...flagsOf(command), ...inherited];
    nodes.push({ path, subcommands: command.commands.map((sub) => sub.name()), flags: [...new Set(flags)] });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return nodes;
}

function flagsOf(command: Command): string[] {
  return [
    ...command.options.flatMap((option) => [option.long, option.short]).filter((flag): flag is string => !!flag),
    "--help",
  ];
}

/** Words are commander names and flags ([a-z0-9-]): safe inside single quotes as they are. */
function bashScript(nodes: Node[]): string {
  const cases = nodes.map(
    (node) => `    '${node.path.join(" ")}') words='${[...node.subcommands, ...node.flags].join(" ")}' ;;`,
  );
  return [
    "# clawdia completion for bash: source it, or put it in ~/.local/share/bash-completion/completions/clawdia",
    "_clawdia() {",
    "  local path='' word i",
    // The command path: the words before the cursor that are not flags (a flag's value is skipped
    // only when it follows a flag that takes one, which the tree does not know: good enough).
    "  for ((i = 1; i < COMP_CWORD; i++)); do",
    "    word=${COMP_WORDS[i]}",
    '    case "$word" in -*) continue ;; esac',
    '    case " $(_clawdia_words "${path# }") " in *" $word "*) path="$path $word" ;; esac',
    "  done",
    '  COMPREPLY=($(compgen -W "$(_clawdia_words "${path# }")" -- "${COMP_WORDS[COMP_CWORD]}"))',
    "}",
    "_clawdia_words() {",
    "  local words=''",
    '  case "$1" in',
    ...cases,
    "  esac",
    '  printf "%s" "$words"',
    "}",
    "complete -F _clawdia clawdia",
    "",
  ].join("\n");
}

function fishScript(nodes: Node[]): string {
  const lines = [
    "# clawdia completion for fish: put it in ~/.config/fish/completions/clawdia.fish",
    "function __clawdia_path --description 'the clawdia subcommands typed so far'",
    "    set -l path",
    "    for word in (commandline -opc)[2..-1]",
    "        string match -q -- '-*' $word; and continue",
    "        set path $path $word",
    "    end",
    // One line, never empty, so that `test (__clawdia_path) = …` gets exactly one word to compare.
    "    echo clawdia $path",
    "end",
    "complete -c clawdia -f",
  ];
  for (const node of nodes) {
    const condition = `test (__clawdia_path) = "${["clawdia", ...node.path].join(" ")}"`;
    if (node.subcommands.length) lines.push(`complete -c clawdia -n '${condition}' -a '${node.subcommands.join(" ")}'`);
    for (const flag of node.flags.filter((f) => f.startsWith("--")))
      lines.push(`complete -c clawdia -n '${condition}' -l ${flag.slice(2)}`);
  }
  return lines.join("\n") + "\n";
}
