#!/usr/bin/env bash
# The GitHub Action's work (action.yml): find or get sselint, lint once for SARIF and once for pull-request
# annotations, and hand sselint's exit code to the last step, so that the SARIF upload runs whatever the verdict.
# Runs the same way outside Actions (the tests do): set INPUT_* and GITHUB_OUTPUT, and SSELINT_BIN to skip the build.
set -euo pipefail

here="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
out="${GITHUB_OUTPUT:-/dev/stdout}"
sarif="${INPUT_SARIF_FILE:-sselint.sarif}"

bin="${SSELINT_BIN:-}"
if [ -z "$bin" ] && [ -n "${INPUT_VERSION:-}" ]; then
  # A release's static binary, from the repository this action comes from.
  repo="${GITHUB_ACTION_REPOSITORY:-sselint/sselint}"
  version="${INPUT_VERSION#v}"
  bin="${RUNNER_TEMP:-/tmp}/sselint-${version}"
  curl -fsSL --retry 3 -o "$bin" "https://github.com/${repo}/releases/download/v${version}/sselint-linux-$(uname -m)"
  chmod +x "$bin"
fi
if [ -z "$bin" ] && command -v sselint >/dev/null 2>&1; then
  bin="$(command -v sselint)"
fi
if [ -z "$bin" ]; then
  # GitHub's Ubuntu runners carry a Swift toolchain; the build is cached by actions/cache if the workflow wants.
  echo "::group::Building sselint from $here"
  "$here/scripts/build-release.sh"
  echo "::endgroup::"
  bin="$here/.build/ordered/release/sselint"
fi
"$bin" --version

# Spaces or line breaks separate paths and arguments (a YAML `|` block gives one per line); no shell quoting.
read -r -d '' -a paths <<< "${INPUT_PATH:-.}" || true
read -r -d '' -a extra <<< "${INPUT_ARGS:-}" || true
if [ "${#paths[@]}" -eq 0 ]; then paths=(.); fi
common=()
if [ -n "${INPUT_FAIL_ON:-}" ]; then common+=(--fail-on "$INPUT_FAIL_ON"); fi
common+=("${extra[@]}")

set +e
"$bin" lint --format sarif --output "$sarif" "${common[@]}" -- "${paths[@]}"
code=$?
# Annotations on the pull request's lines, and the summary line; the verdict is the SARIF run's.
"$bin" lint --format github "${common[@]}" -- "${paths[@]}"
set -e

if [ -f "$sarif" ]; then echo "sarif-file=$sarif" >> "$out"; fi
echo "exit-code=$code" >> "$out"
