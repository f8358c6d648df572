// The auth monitor's systemd unit names: what `models auth monitor` installs and `--undo` may restore.
export const SERVICE_NAME = "clawdia-auth-monitor.service";
export const TIMER_NAME = "clawdia-auth-monitor.timer";
