/**
 * The change on the host, run as root (or as the user of a rootless engine). It backs up what it
 * will replace, writes the TLS files and daemon.json (each through a temporary file and a rename),
 * restarts the engine through its service manager and waits until it answers on its socket. Then
 * it says READY and waits for the extension's verdict: COMMIT keeps the change; ROLLBACK, no
 * answer in time, or a lost connection (it ignores the hang-up) restores every file, restarts the
 * engine and checks it answers again, so a failed run leaves the host as it was.
 *
 * Arguments: manager, daemon.json path, its mode, TLS folder, backup folder, drop-in path or '-',
 * docker host, TCP port, owner (`0:0`, or '-' to keep the user's), seconds to wait for the engine,
 * seconds to wait for the verdict. Stdin after the script: the base64 of ca.pem, server-cert.pem,
 * server-key.pem, daemon.json and the drop-in, one per line ('-' for "leave as it is"), then the
 * verdict line. Lines it prints: STEP, LOG, LISTENING, READY, DONE, FAILED, ROLLING-BACK, ROLLED-BACK.
 */
export const APPLY_SCRIPT = `
set -u
trap '' HUP PIPE
umask 077
manager=$1 conf=$2 confmode=$3 tlsdir=$4 backup=$5 dropin=$6 dockerhost=$7 port=$8 owner=$9
wait_s=\${10} confirm_s=\${11}
say() { printf '%s\\n' "$*" 2>/dev/null || :; }
pipe_log() { while IFS= read -r l; do say "LOG $l"; done; }
die() { say "FAILED $1"; rm -rf "$backup"; rmdir "$(dirname "$backup")" 2>/dev/null; exit 3; }
IFS= read -r ca && IFS= read -r cert && IFS= read -r key && IFS= read -r json && IFS= read -r unit || die input
command -v base64 >/dev/null 2>&1 || die no-base64
mkdir -p "$backup" && chmod 700 "$backup" || die backup
save() { if [ -e "$1" ]; then cp -p "$1" "$backup/$2" || die backup; else : > "$backup/$2.absent" || die backup; fi; }
[ "$json" = - ] || save "$conf" daemon.json
[ "$unit" = - ] || save "$dropin" dropin.conf
[ -d "$tlsdir" ] || : > "$backup/tlsdir.absent"
for f in ca.pem server-cert.pem server-key.pem; do save "$tlsdir/$f" "$f"; done
put() {
  tmp="$1.drc-new"
  rm -f "$tmp"
  if printf '%s' "$3" | base64 -d > "$tmp" && chmod "$2" "$tmp" && { [ "$owner" = - ] || chown "$owner" "$tmp"; } && mv -f "$tmp" "$1"; then return 0; fi
  rm -f "$tmp"
  return 1
}
back() {
  if [ -e "$backup/$2.absent" ]; then rm -f "$1"
  elif [ -e "$backup/$2" ]; then cp -p "$backup/$2" "$1.drc-old" && mv -f "$1.drc-old" "$1"
  fi
}
reload_units() { [ "$manager" = systemd ] && systemctl daemon-reload 2>&1 | pipe_log; :; }
restart_engine() {
  case $manager in
    systemd) systemctl restart docker ;;
    sysv) if command -v service >/dev/null 2>&1; then service docker restart; else /etc/init.d/docker restart; fi ;;
    openrc) rc-service docker restart ;;
    snap) snap restart docker ;;
    rootless) systemctl --user restart docker ;;
  esac 2>&1 | pipe_log
}
engine_running() {
  case $manager in
    systemd) s=$(systemctl is-active docker 2>/dev/null); [ "$s" = active ] || [ "$s" = activating ] || [ "$s" = reloading ] ;;
    sysv) /etc/init.d/docker status >/dev/null 2>&1 ;;
    openrc) rc-service docker status >/dev/null 2>&1 ;;
    *) return 0 ;;
  esac
}
wait_engine() {
  i=0
  while [ "$i" -lt "$wait_s" ]; do
    docker --host "$dockerhost" version --format '{{.Server.Version}}' >/dev/null 2>&1 && return 0
    if [ "$i" -ge 3 ] && ! engine_running; then return 1; fi
    sleep 1
    i=$((i + 1))
  done
  return 1
}
engine_log() {
  case $manager in
    systemd) journalctl -u docker -n 15 --no-pager ;;
    sysv|openrc) tail -n 15 /var/log/docker.log ;;
    snap) snap logs docker -n 15 ;;
    rootless) journalctl --user -u docker -n 15 --no-pager ;;
  esac 2>/dev/null | pipe_log
}
roll_back() {
  say "ROLLING-BACK $1"
  [ "$json" = - ] || back "$conf" daemon.json
  [ "$unit" = - ] || { back "$dropin" dropin.conf; reload_units; }
  for f in ca.pem server-cert.pem server-key.pem; do back "$tlsdir/$f" "$f"; done
  [ -e "$backup/tlsdir.absent" ] && rmdir "$tlsdir" 2>/dev/null
  if [ "$2" = restart ]; then restart_engine; fi
  if wait_engine; then
    rm -rf "$backup"
    rmdir "$(dirname "$backup")" 2>/dev/null
    say "ROLLED-BACK up $1"
  else
    engine_log
    say "ROLLED-BACK down $1"
  fi
  exit 4
}
say STEP files
{ mkdir -p "$tlsdir" && chmod 700 "$tlsdir" && { [ "$owner" = - ] || chown "$owner" "$tlsdir"; }; } || roll_back tls-folder keep
put "$tlsdir/ca.pem" 444 "$ca" && put "$tlsdir/server-cert.pem" 444 "$cert" && put "$tlsdir/server-key.pem" 400 "$key" || roll_back tls-files keep
[ "$json" = - ] || put "$conf" "$confmode" "$json" || roll_back daemon-json keep
if [ "$unit" != - ]; then
  { mkdir -p "$(dirname "$dropin")" && put "$dropin" 644 "$unit"; } || roll_back drop-in keep
  reload_units
fi
say STEP restart
restart_engine
if ! wait_engine; then
  engine_log
  roll_back engine-did-not-start restart
fi
hexport=$(printf '%04X' "$port")
if awk -v p=":$hexport" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null; then say LISTENING yes; else say LISTENING no; fi
say READY
if command -v timeout >/dev/null 2>&1; then
  answer=$(timeout "$confirm_s" sh -c 'IFS= read -r a && printf %s "$a"')
else
  IFS= read -r answer || answer=
fi
if [ "$answer" = COMMIT ]; then
  say "DONE $backup"
  exit 0
fi
roll_back "\${answer:-no-answer}" restart
`;
