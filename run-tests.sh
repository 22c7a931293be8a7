#!/usr/bin/env bash
# Builds everything and runs every test; prints "N passed, N failed, N skipped" from the TRX results.
# On a fresh machine (as root) it first installs the system packages the tests need.
set -uo pipefail
cd "$(dirname "$0")"

if [ -s .ci/apt-packages.txt ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  while read -r pkg; do
    pkg="${pkg%%#*}"; pkg="$(echo "$pkg" | xargs)"
    [ -z "$pkg" ] && continue
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done < .ci/apt-packages.txt
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >/dev/null \
      || echo "warning: could not install ${missing[*]}" >&2
  fi
fi

results="$(pwd)/TestResults"
rm -rf "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build AffectEngine.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed, 0 skipped (build failed)"; exit 1; }
status=0
# One TRX per test project, named after it, so no result file overwrites another.
for proj in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

summary=$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    # VSTest counts skipped tests as total - executed (notExecuted stays 0 in its TRX).
    s += max(int(c.get("notExecuted", 0)), int(c.get("total", 0)) - int(c.get("executed", 0))) + int(c.get("inconclusive", 0))
print(f"{p} passed, {f} failed, {s} skipped")
PY
)
echo "$summary"
failed=$(echo "$summary" | sed -E 's/.* ([0-9]+) failed.*/\1/')
passed=$(echo "$summary" | sed -E 's/^([0-9]+) passed.*/\1/')
if [ "$status" -ne 0 ] || [ "$failed" != "0" ] || [ "$passed" = "0" ]; then exit 1; fi
exit 0
