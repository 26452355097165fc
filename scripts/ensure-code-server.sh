#!/usr/bin/env bash
# Installs code-server (the real VS Code, served to a browser) into a cache folder outside
# the repository, once: $DOCKER_CONTEXTS_CACHE, else $XDG_CACHE_HOME/docker-remote-contexts, else
# ~/.cache/docker-remote-contexts. code-server needs Node 24, which comes from the npm registry
# too; both together take about 800 MB there. Everything the install downloads, npm's own
# download cache included, stays in that folder. Prints the path of the code-server launcher on
# its last line; everything else goes to stderr.
set -euo pipefail

version="4.139.1"
cache="${DOCKER_CONTEXTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-remote-contexts}"
node_dir="$cache/node24"
cs_dir="$cache/code-server-$version"
# npm's download cache for these installs: inside the cache folder, not ~/.npm, and removed
# once both are installed (it would only hold a second copy of the tarballs).
npm_cache="$cache/npm-cache"

if [ -f "$cs_dir/.installed" ]; then
  echo "$cs_dir/bin/code-server"
  exit 0
fi

mkdir -p "$cache"
# npm runs no install script of a dependency unless the project allows it; these two
# throwaway projects in the cache allow what Node 24 and code-server need to build.
node24_home=$(find "$node_dir/node_modules" -maxdepth 4 -type d -name 'node-linux-*' 2>/dev/null | head -1 || true)
if [ -z "$node24_home" ] || [ ! -x "$node24_home/bin/node" ]; then
  echo "Installing Node 24 for code-server into $node_dir" >&2
  rm -rf "$node_dir" && mkdir -p "$node_dir"
  echo '{"private":true}' > "$node_dir/package.json"
  # The environment, not --cache, so that the npm which node@24's own install script runs uses it too.
  (cd "$node_dir" && npm_config_cache="$npm_cache" npm_config_update_notifier=false npm install --no-audit --no-fund --dangerously-allow-all-scripts node@24 >&2)
  node24_home=$(find "$node_dir/node_modules" -maxdepth 4 -type d -name 'node-linux-*' | head -1)
fi
node24_bin="$node24_home/bin/node"
if [ ! -f "$node24_home/include/node/node.h" ]; then
  echo "Node 24's headers were not found under $node24_home/include/node" >&2
  exit 1
fi

# code-server's native modules build with node-gyp (a C++ compiler, make, Python) and its
# kerberos module against Debian's libkrb5-dev.
missing=()
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v python3 >/dev/null || missing+=(python3)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} (code-server's native modules build with them)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 \
      || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2; }
  else
    echo "code-server's native modules need Debian's ${missing[*]}: run 'sudo apt-get install ${missing[*]}'" >&2
    exit 1
  fi
fi

echo "Installing code-server $version into $cs_dir (about 3 minutes, once)" >&2
rm -rf "$cs_dir.tmp"
mkdir -p "$cs_dir.tmp"
(
  cd "$cs_dir.tmp"
  # Called from `npm test`, this shell inherits npm's settings of that run, among them
  # npm_config_user_agent naming Node 20, which code-server's postinstall reads as the Node
  # version: start the inner npm without any of them.
  for v in $(compgen -e | grep -i '^npm_' || true); do unset "$v"; done
  export PATH="$(dirname "$node24_bin"):$PATH"
  export npm_config_nodedir="$node24_home"
  # Also read by the npm that code-server's postinstall runs for its bundled VS Code.
  export npm_config_cache="$npm_cache"
  # Nothing to say about npm's own newer versions in the middle of this install.
  export npm_config_update_notifier=false
  echo '{"private":true}' > package.json
  npm install --no-audit --no-fund --dangerously-allow-all-scripts "code-server@$version" >&2
)
mkdir -p "$cs_dir.tmp/bin"
cat > "$cs_dir.tmp/bin/code-server" <<LAUNCH
#!/usr/bin/env bash
exec "$node24_bin" "$cs_dir/node_modules/code-server/out/node/entry.js" "\$@"
LAUNCH
chmod 0755 "$cs_dir.tmp/bin/code-server"
rm -rf "$cs_dir"
mv "$cs_dir.tmp" "$cs_dir"
touch "$cs_dir/.installed"
rm -rf "$npm_cache"
echo "$cs_dir/bin/code-server"
