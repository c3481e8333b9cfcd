#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need (Azurite from npm, Debian Chromium), builds,
# runs all test projects (the Azurite fixture starts and stops Azurite itself), tries the Functions app, and ends
# with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

say() { printf '\n== %s\n' "$*"; }

# 1. Azurite (pinned) for integration tests.
azurite_js="$root/.tools/azurite/node_modules/azurite/dist/src/azurite.js"
if [ ! -f "$azurite_js" ]; then
  say "installing azurite@3.37.0 into .tools/azurite"
  command -v npm >/dev/null || { echo "npm is required to install Azurite (apt-get install nodejs npm)"; exit 1; }
  npm install --prefix "$root/.tools/azurite" --no-save --no-audit --no-fund --loglevel=error azurite@3.37.0
fi
export AZURITE_JS="$azurite_js"

# 2. Chromium for the operator page's browser tests (Playwright's own download does not work here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "WARNING: could not install chromium; the browser tests will fail and say so"
  else
    echo "WARNING: /usr/bin/chromium is missing and this user cannot apt-get install it; the browser tests will fail and say so"
  fi
fi

cleanup() { pkill -f "$root/.tools/azurite" 2>/dev/null || true; }
trap cleanup EXIT

# 3. Build and test everything this machine can build.
say "building Beds24Functions.Local.slnf"
dotnet build Beds24Functions.Local.slnf -c Release -nologo -v quiet
say "running tests"
set +e
dotnet test Beds24Functions.Local.slnf -c Release --no-build -nologo -v quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
test_exit=$?
set -e

# 4. The Functions app, where its packages restore.
if dotnet restore functions/Beds24Functions/Beds24Functions.csproj -nologo -v quiet >"$results/functions-restore.log" 2>&1; then
  say "building the Functions app and its orchestrator tests"
  dotnet build functions/Beds24Functions/Beds24Functions.csproj -c Release -nologo -v quiet
  set +e
  dotnet test tests/Beds24Functions.Tests/Beds24Functions.Tests.csproj -c Release -nologo -v quiet \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
  [ $? -ne 0 ] && test_exit=1
  set -e
else
  echo ""
  echo "!!! FUNCTIONS APP NOT BUILT: the Azure Functions worker/Durable packages are not served by this NuGet source"
  echo "!!! (see README 'Functions app'); all behaviour it calls lives in shared/ and was tested above."
fi

# 5. One summary line from the trx files.
summary=$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
echo ""
echo "$summary"
case "$summary" in
  "0 passed, 0 failed"*) echo "no test ran"; exit 1 ;;
esac
failed=$(echo "$summary" | sed -E 's/.* ([0-9]+) failed.*/\1/')
[ "$failed" = 0 ] && [ "$test_exit" = 0 ] || exit 1
