#!/usr/bin/env bash
# Lints the contract (api-spec/openapi.yaml) with Spectral against api-spec/.spectral.yaml: the recommended
# OpenAPI rules plus our conventions (see the comments in the ruleset and api-spec/README.md).
#
#   bash .ci/lint-spec.sh
#
# Prints every finding and a count of errors and warnings. Exits non-zero when there is any error.
set -euo pipefail
cd "$(dirname "$0")/.."

spec=api-spec/openapi.yaml
ruleset=api-spec/.spectral.yaml
tools=target/ci-tools
spectral=$tools/node_modules/.bin/spectral

if [ ! -x "$spectral" ]; then
  echo "Installing Spectral into $tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error @stoplight/spectral-cli@6.16 >/dev/null
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT

echo "Spectral $("$spectral" --version): $spec with $ruleset"
status=0
"$spectral" lint "$spec" --ruleset "$ruleset" --fail-severity error \
  --format stylish --format json --output.json "$report" || status=$?

# Spectral prints no count when there are no findings at all; print one either way so the CI log always shows it.
node -e '
  const results = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8") || "[]");
  const count = (severity) => results.filter((r) => r.severity === severity).length;
  console.log(`Spectral summary: ${count(0)} error(s), ${count(1)} warning(s), ${count(2)} info(s), ${count(3)} hint(s)`);
' "$report" || true

if [ "$status" -ne 0 ]; then
  echo "Spec lint failed (spectral exit code $status)" >&2
fi
exit "$status"
