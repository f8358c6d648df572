// The auth monitor's names: what `models auth monitor` installs and `--undo` may restore.
export const SERVICE_NAME = "clawdia-auth-monitor.service";
export const TIMER_NAME = "clawdia-auth-monitor.timer";
/** The LaunchAgent's label; its plist is ~/Library/LaunchAgents/<label>.plist, beside the gateway's. */
export const LAUNCHD_LABEL = "ai.clawdia.auth-monitor";
export const LAUNCHD_PLIST_NAME = `${LAUNCHD_LABEL}.plist`;
/** Ends the one crontab line clawdia writes, so uninstall removes exactly that line. */
export const CRON_MARKER = "# clawdia-auth-monitor";
