/**
 * The look at a host before anything changes, run as the SSH user: it reads and prints, never
 * writes. Arguments: $1 the docker host the SSH context reaches ('-' for the remote CLI's own),
 * $2 the TCP port planned for TLS. Prints `key=value` lines; file contents and command lines in
 * base64 (a dockerd's command line keeps its NUL separators).
 */
export const PROBE_SCRIPT = `
dockerhost=$1
port=$2
say() { printf '%s=%s\\n' "$1" "$2"; }
b64() { base64 | tr -d '[:space:]'; }
say proto 1
say uid "$(id -u)"
say user "$(id -un)"
say home "$HOME"
say kernel "$(uname -s)"
say arch "$(uname -m)"
say os "$( (. /etc/os-release && printf %s "$PRETTY_NAME") 2>/dev/null)"
say hostname "$(hostname 2>/dev/null || uname -n)"
say fqdn "$(hostname -f 2>/dev/null)"
ips=$(hostname -I 2>/dev/null)
[ -n "$ips" ] || ips=$(ip -o addr show scope global 2>/dev/null | awk '{ split($4, a, "/"); printf "%s ", a[1] }')
say ips "$ips"
say xdg_runtime "\${XDG_RUNTIME_DIR:-}"
command -v base64 >/dev/null 2>&1 && say tool base64
command -v timeout >/dev/null 2>&1 && say tool timeout
command -v docker >/dev/null 2>&1 && say tool docker
if command -v sudo >/dev/null 2>&1; then
  say tool sudo
  sudo -n true >/dev/null 2>&1 && say sudo_nopasswd yes
fi
[ -d /run/systemd/system ] && say manager_hint systemd
[ -e /etc/init.d/docker ] && say manager_hint sysv
command -v service >/dev/null 2>&1 && say tool service
command -v rc-service >/dev/null 2>&1 && say manager_hint openrc
[ -d /snap/docker ] && say manager_hint snap
if [ "$dockerhost" = - ]; then
  dockerhost=$(docker context inspect --format '{{.Endpoints.docker.Host}}' 2>/dev/null)
fi
say dockerhost "$dockerhost"
for d in /proc/[0-9]*; do
  [ "$(cat "$d/comm" 2>/dev/null)" = dockerd ] || continue
  say dockerd "\${d#/proc/} $(stat -c %u "$d" 2>/dev/null) $(b64 < "$d/cmdline")"
done
for f in /etc/docker/daemon.json "$HOME/.config/docker/daemon.json" /var/snap/docker/current/config/daemon.json $(for d in /proc/[0-9]*; do [ "$(cat "$d/comm" 2>/dev/null)" = dockerd ] && tr '[:cntrl:]' ' ' < "$d/cmdline"; done | awk '{ for (i = 1; i <= NF; i++) { if ($i == "--config-file") print $(i + 1); else if ($i ~ /^--config-file=/) print substr($i, 15) } }'); do
  if [ -f "$f" ]; then
    if [ -r "$f" ]; then say file "$f $(stat -c %a "$f") $(b64 < "$f")"; else say file "$f unreadable"; fi
  else
    say file "$f absent"
  fi
done
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  say unit "$(systemctl show docker.service -p FragmentPath -p DropInPaths -p ActiveState 2>/dev/null | b64)"
fi
info=$(docker \${dockerhost:+--host} \${dockerhost:+"$dockerhost"} info --format '{{json .}}' 2>/dev/null | b64)
say info "$info"
hexport=$(printf '%04X' "$port")
awk -v p=":$hexport" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null && say port_busy yes
say end 1
`;
