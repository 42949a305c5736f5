# Sourced by the project's scripts: puts Node.js 22 or newer first on PATH. The
# machine's node when it is new enough; otherwise Node.js 22 LTS from the npm
# registry's `node` package, installed once under .cache/ (so README's two
# commands work on a machine that only has Node.js 20 and npm).
#
#   k2o_node_bin VERSION   prints the bin folder of that Node.js, installing it first
K2O_NODE_LTS=22.23.3

k2o_node_bin() {
  local dir=".cache/node-$1"
  if [[ ! -x "$dir/node_modules/.bin/node" ]]; then
    echo "[node] installing Node.js $1 from the npm registry into $dir" >&2
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node@$1" >&2
  fi
  echo "$PWD/$dir/node_modules/.bin"
}

k2o_node_major=0
command -v node >/dev/null 2>&1 && k2o_node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((k2o_node_major < 22)); then
  command -v npm >/dev/null 2>&1 || { echo "k2o: needs Node.js 22 or newer, or npm to fetch it" >&2; exit 1; }
  PATH="$(k2o_node_bin "$K2O_NODE_LTS"):$PATH"
  export PATH
fi
unset k2o_node_major
