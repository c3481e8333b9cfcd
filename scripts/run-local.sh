#!/usr/bin/env bash
# Runs the whole system on this machine: Azurite (installed into .tools if missing, data kept in .tools/azurite-data)
# and the local host with the in-process Beds24 simulator. Extra arguments go to `serve`, e.g. --beds24 real.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
azurite_js="$root/.tools/azurite/node_modules/azurite/dist/src/azurite.js"
if [ ! -f "$azurite_js" ]; then
  echo "installing azurite@3.37.0 into .tools/azurite"
  npm install --prefix "$root/.tools/azurite" --no-save --no-audit --no-fund --loglevel=error azurite@3.37.0
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null; then
  mkdir -p "$root/.tools/azurite-data"
  node "$azurite_js" --silent --disableTelemetry --skipApiVersionCheck --location "$root/.tools/azurite-data" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  azurite_pid=$!
  trap 'kill $azurite_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null && break; sleep 0.2; done
  echo "Azurite started (queues 127.0.0.1:10001, tables 127.0.0.1:10002, data in .tools/azurite-data)"
fi
dotnet run --project tools/Beds24Sync.Host -c Release -- serve "$@"
