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
# With the in-process simulator (the default) Beds24 starts empty on every run, so storage must too: stored links
# would point at booking ids the new simulator hands out again. Against real Beds24 the data is kept.
persistence=(--inMemoryPersistence)
where="in memory, gone when this script stops"
if [[ " $* " == *" --beds24 real "* ]]; then
  mkdir -p "$root/.tools/azurite-data"
  persistence=(--location "$root/.tools/azurite-data")
  where="data in .tools/azurite-data"
fi
if ! (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null; then
  node "$azurite_js" --silent --disableTelemetry --skipApiVersionCheck "${persistence[@]}" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
  azurite_pid=$!
  trap 'kill $azurite_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null && break; sleep 0.2; done
  echo "Azurite started (blobs :10000, queues :10001, tables :10002 on 127.0.0.1; $where)"
else
  echo "Using the Azurite already listening on 127.0.0.1:10001 (its data is kept)"
fi
dotnet run --project tools/Beds24Sync.Host -c Release -- serve "$@"
