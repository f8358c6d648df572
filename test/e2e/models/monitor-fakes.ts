// Fakes of `crontab` and `launchctl` that behave like the real tools on what the monitor uses, with
// their state in files a test can read. Each returns a PATH with its bin dir first.
import fs from "node:fs";
import path from "node:path";
import type { Sandbox } from "../helpers.js";

export interface FakeCrontab {
  path: string;
  /** The installed crontab (what `crontab -l` prints), or undefined when the user has none. */
  spool: string;
}

/**
 * cronie's / Vixie cron's `crontab`: `-l` prints the crontab or "no crontab for USER" on stderr
 * with exit 1; `-` replaces it with stdin after a syntax check ("errors in crontab file, can't
 * install.", exit 1, the old one kept); `-r` removes it.
 */
export function fakeCrontab(box: Sandbox): FakeCrontab {
  const bin = path.join(box.home, "fake-cron-bin");
  const spool = path.join(box.home, "crontab.spool");
  fs.mkdirSync(bin, { recursive: true });
  const script = `#!/bin/sh
spool='${spool}'
case "$1" in
  -l) if [ -f "$spool" ]; then cat "$spool"; exit 0; fi; echo "no crontab for $(id -un)" >&2; exit 1 ;;
  -) cat > "$spool.new"
     # An entry is a variable (NAME=value) or five time fields and a command.
     if grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' -e '^[A-Za-z_][A-Za-z0-9_]*[[:space:]]*=' "$spool.new" | awk 'NF < 6 { bad = 1 } END { exit bad }'; then
       mv "$spool.new" "$spool"; exit 0
     fi
     rm -f "$spool.new"; echo '"-":0: bad minute' >&2; echo "errors in crontab file, can't install." >&2; exit 1 ;;
  -r) if [ -f "$spool" ]; then rm "$spool"; exit 0; fi; echo "no crontab for $(id -un)" >&2; exit 1 ;;
  *) echo "crontab: invalid option -- '$1'" >&2; exit 1 ;;
esac
`;
  fs.writeFileSync(path.join(bin, "crontab"), script, { mode: 0o755 });
  return { path: `${bin}:${process.env.PATH}`, spool };
}

export interface FakeLaunchctl {
  path: string;
  /** Every invocation's arguments, a line each. */
  log: string;
  /** One file per loaded label, holding the plist it was bootstrapped from. */
  loaded: string;
}

/**
 * launchctl(1) on a user's GUI domain: `print gui/UID/LABEL` exits 0 for a loaded service and 113
 * otherwise; `bootstrap gui/UID PLIST` loads it (5 "Input/output error" when it is loaded already,
 * 125 when `gui/UID` is not this user's or FAKE_LAUNCHCTL_NO_GUI is set, as over ssh with nobody
 * logged in); `bootout gui/UID/LABEL` unloads it (3 "No such process" when it is not loaded).
 */
export function fakeLaunchctl(box: Sandbox): FakeLaunchctl {
  const bin = path.join(box.home, "fake-launchctl-bin");
  const log = path.join(box.home, "launchctl.log");
  const loaded = path.join(box.home, "launchd-loaded");
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(loaded, { recursive: true });
  const script = `#!/bin/sh
loaded='${loaded}'
echo "$*" >> '${log}'
uid=$(id -u)
case "$1" in
  print)
    label=\${2##*/}
    if [ -f "$loaded/$label" ]; then echo "$2 = {"; echo "	state = not running"; echo "}"; exit 0; fi
    echo "Bad request."; echo "Could not find service \\"$label\\" in domain for user gui: $uid"; exit 113 ;;
  bootstrap)
    if [ "$2" != "gui/$uid" ] || [ -n "$FAKE_LAUNCHCTL_NO_GUI" ]; then echo "Bootstrap failed: 125: Domain does not support specified action" >&2; exit 125; fi
    if [ ! -f "$3" ]; then echo "Bootstrap failed: 2: No such file or directory" >&2; exit 2; fi
    label=$(sed -n '/<key>Label<\\/key>/{n;s/.*<string>\\(.*\\)<\\/string>.*/\\1/p;}' "$3")
    if [ -f "$loaded/$label" ]; then echo "Bootstrap failed: 5: Input/output error" >&2; echo "Try re-running the command as root for richer errors." >&2; exit 5; fi
    cp "$3" "$loaded/$label"; exit 0 ;;
  bootout)
    label=\${2##*/}
    if [ -f "$loaded/$label" ]; then rm "$loaded/$label"; exit 0; fi
    echo "Boot-out failed: 3: No such process" >&2; exit 3 ;;
  *) echo "Unrecognized subcommand: $1" >&2; exit 64 ;;
esac
`;
  fs.writeFileSync(path.join(bin, "launchctl"), script, { mode: 0o755 });
  return { path: `${bin}:${process.env.PATH}`, log, loaded };
}
