#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need (Azurite from npm, Debian Chromium), builds,
# runs all test projects (the Azurite fixture starts and stops Azurite itself), tries the Functions app, and ends
# with one line: "N passed, N failed, N skipped". Exits non-zero if a test failed, nothing ran, or a build failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration=Release
results="${BEDS24_ARTIFACTS:-$root/artifacts}/test-results"
rm -rf "$results"
mkdir -p "$results"
started=$(date +%s)

say() { printf '\n== %s\n' "$*"; }

# The Azurite fixture records the PID of every Azurite it starts here; on exit we kill exactly those (never other
# people's Azurite). The fixture also kills it on dispose, and Azurite exits by itself if its test process dies.
export BEDS24_TEST_PIDS="$results/pids"
mkdir -p "$BEDS24_TEST_PIDS"
cleanup() {
  for f in "$BEDS24_TEST_PIDS"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q azurite; then
      kill "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}
trap cleanup EXIT INT TERM

# 1. Azurite (pinned) for the integration tests.
azurite_js="$root/.tools/azurite/node_modules/azurite/dist/src/azurite.js"
if [ ! -f "$azurite_js" ]; then
  say "installing azurite@3.37.0 into .tools/azurite"
  command -v npm >/dev/null || { echo "ERROR: npm is required to install Azurite (apt-get install nodejs npm)"; exit 1; }
  npm install --prefix "$root/.tools/azurite" --no-save --no-audit --no-fund --loglevel=error azurite@3.37.0
fi
export AZURITE_JS="$azurite_js"

# 2. Chromium for the operator page's browser tests (Playwright's own browser download does not work here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "WARNING: could not install chromium (apt-get failed); the browser tests will fail and say why"
  else
    echo "WARNING: /usr/bin/chromium is missing and this user cannot apt-get install it; the browser tests will fail and say why"
  fi
fi

# Sums the per-assembly lines of `dotnet test` ("Passed!  - Failed: 0, Passed: 83, Skipped: 0, Total: 83, … - X.dll"),
# which cannot collide the way same-second trx file names can; the trx files stay in $results for details.
summarize() {
  python3 - "$results" <<'PY'
import glob, re, sys
line = re.compile(r"(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+),\s+Total:\s+\d+.*?-\s+(\S+\.dll)")
per_assembly = {}
for log in sorted(glob.glob(sys.argv[1] + "/*.console.log")):
    for m in line.finditer(open(log, encoding="utf-8", errors="replace").read()):
        per_assembly[m.group(4)] = tuple(int(m.group(i)) for i in (1, 2, 3))
failed = sum(v[0] for v in per_assembly.values())
passed = sum(v[1] for v in per_assembly.values())
skipped = sum(v[2] for v in per_assembly.values())
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
}

# Names every failed test with the first line of its message, so the tail of a CI log says what failed.
failures() {
  python3 - "$results" <<'PY'
import glob, re, sys
for log in sorted(glob.glob(sys.argv[1] + "/*.console.log")):
    lines = open(log, encoding="utf-8", errors="replace").read().splitlines()
    for i, text in enumerate(lines):
        m = re.match(r"\s+Failed (\S.*?) \[[^\]]+\]\s*$", text)
        if not m:
            continue
        message = ""
        for follow in lines[i + 1:i + 6]:
            if follow.strip() and "Error Message:" not in follow:
                message = follow.strip()[:300]
                break
        print(f"FAILED {m.group(1)}: {message}")
PY
}

# 3. Build and test everything this machine can build (one configuration throughout; the build restores).
# The filter must list every project of the solution except the Functions app and its tests, or tests go unrun.
python3 - <<'PY'
import json, re, sys
sln = {p.replace("\\", "/") for p in re.findall(r'"([^"]+\.csproj)"', open("Beds24Functions.sln").read())}
slnf = {p.replace("\\", "/") for p in json.load(open("Beds24Functions.Local.slnf"))["solution"]["projects"]}
expected = {p for p in sln if not p.startswith("functions/") and not p.startswith("tests/Beds24Functions.Tests/")}
if expected != slnf:
    sys.exit(f"Beds24Functions.Local.slnf is out of date: missing {sorted(expected - slnf)}, extra {sorted(slnf - expected)}")
PY
say "building Beds24Functions.Local.slnf ($configuration)"
if ! dotnet build Beds24Functions.Local.slnf -c "$configuration" -nologo -v quiet; then
  echo ""
  echo "BUILD FAILED (see the errors above)"
  echo "0 passed, 0 failed, 0 skipped"
  exit 1
fi

say "running tests"
set +e
dotnet test Beds24Functions.Local.slnf -c "$configuration" --no-build -nologo -v quiet \
  --logger "trx;LogFilePrefix=tests" --logger "console;verbosity=minimal" --results-directory "$results" \
  2>&1 | tee "$results/local.console.log"
test_exit=${PIPESTATUS[0]}
set -e

# 4. The Functions app, where its packages restore (this machine's NuGet mirror does not serve them).
if dotnet restore functions/Beds24Functions/Beds24Functions.csproj -nologo -v quiet >"$results/functions-restore.log" 2>&1; then
  say "building the Functions app and running its orchestrator tests"
  set +e
  if dotnet build tests/Beds24Functions.Tests/Beds24Functions.Tests.csproj -c "$configuration" -nologo -v quiet; then
    dotnet test tests/Beds24Functions.Tests/Beds24Functions.Tests.csproj -c "$configuration" --no-build -nologo -v quiet \
      --logger "trx;LogFilePrefix=functions" --logger "console;verbosity=minimal" --results-directory "$results" \
      2>&1 | tee "$results/functions.console.log"
    [ "${PIPESTATUS[0]}" -ne 0 ] && test_exit=1
  else
    echo "FUNCTIONS APP BUILD FAILED although its packages restored (see the errors above)"
    test_exit=1
  fi
  set -e
else
  echo ""
  echo "!!! FUNCTIONS APP NOT BUILT: Microsoft.Azure.Functions.Worker packages are not served by this NuGet source (see README 'Functions app'; log: $results/functions-restore.log)"
fi

# 5. One summary line from the trx files, printed last.
summary=$(summarize)
failed=$(echo "$summary" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
status=0
echo ""
failures
echo "took $(( $(date +%s) - started )) s"
case "$summary" in
  "0 passed, 0 failed"*) echo "no test ran"; status=1 ;;
esac
if [ "$failed" != 0 ]; then
  status=1
elif [ "$test_exit" != 0 ]; then
  echo "dotnet test failed without a failing test (a crashed test host or a build error); see above"
  status=1
fi
echo "$summary"
exit "$status"
