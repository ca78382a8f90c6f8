#!/usr/bin/env bash
# The jwtlint GitHub Action (action.yml runs this): get jwtlint, choose what to scan, run ONE scan
# that prints annotations, appends the job summary and writes SARIF, set the step outputs, and
# exit by fail-on. Inputs arrive as environment variables, never as ${{ }} text in a script.
#
#   INPUT_PATHS    folders/files to scan, separated by whitespace (default: .)
#   INPUT_ARGS     extra jwtlint arguments, separated by whitespace
#   INPUT_FAIL_ON  error | warning | never | empty (empty: jwtlint.toml's fail-on, else error)
#   INPUT_MODE     auto | diff | full | staged (auto: diff on pull_request[_target], else full)
#   INPUT_BASE     diff base (default: the event payload's pull_request.base.sha)
#   INPUT_SARIF    SARIF path (unset: jwtlint.sarif; empty: no SARIF)
#   INPUT_VERSION  empty: build this checkout with cargo; X.Y.Z: download that release
#   JWTLINT_BIN    use this jwtlint binary and install nothing (tests, self-hosted runners)
#
# `run.sh cache-key` prints the actions/cache key for the cargo build instead of scanning.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

say() { echo "jwtlint-action: $*" >&2; }
die() {
  echo "::error title=jwtlint action::$*"
  exit 2
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

if [ "${1:-}" = cache-key ]; then
  key="jwtlint-action-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$(sha256_of "$action_path/Cargo.lock")"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "key=$key" >>"$GITHUB_OUTPUT"
  else
    echo "$key"
  fi
  exit 0
fi

# Split a whitespace-separated list (spaces, tabs or newlines) into the named array; no globbing.
split_words() {
  local IFS=$' \t\n'
  read -r -d '' -a "$1" <<<"$2" || true
}

# Set `target` to the Rust target triple of this runner, as used in release asset names.
runner_target() {
  local os="${RUNNER_OS:-$(uname -s)}" arch="${RUNNER_ARCH:-$(uname -m)}" cpu sys
  case "$arch" in
    X64 | x86_64 | amd64 | AMD64) cpu=x86_64 ;;
    ARM64 | aarch64 | arm64) cpu=aarch64 ;;
    *) die "no released jwtlint binary for the CPU $arch: leave 'version' empty to build from source" ;;
  esac
  case "$os" in
    Linux) sys=unknown-linux-musl ;;
    macOS | Darwin) sys=apple-darwin ;;
    Windows | MINGW* | MSYS* | CYGWIN*) sys=pc-windows-msvc ;;
    *) die "no released jwtlint binary for $os: leave 'version' empty to build from source" ;;
  esac
  target="$cpu-$sys"
}

tool_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/jwtlint-action"

# Download a release: jwtlint-<target>.tar.gz (the binary at the top level) and its .sha256.
install_release() {
  local version="${1#v}" target url dir archive want got
  runner_target
  local repo="${JWTLINT_ACTION_REPOSITORY:-}"
  [ -n "$repo" ] || repo=jwtlint/jwtlint
  local base="${JWTLINT_RELEASE_URL:-https://github.com/$repo/releases/download}"
  url="$base/v$version/jwtlint-$target.tar.gz"
  dir="$tool_dir/v$version-$target"
  archive="$dir/jwtlint-$target.tar.gz"
  mkdir -p "$dir"
  command -v curl >/dev/null 2>&1 || die "curl is needed to download jwtlint $version"
  say "downloading $url"
  curl -fsSL --retry 3 -o "$archive" "$url" || die "cannot download $url (is v$version released with a $target asset?)"
  curl -fsSL --retry 3 -o "$archive.sha256" "$url.sha256" || die "cannot download $url.sha256"
  want="$(cut -d' ' -f1 <"$archive.sha256")"
  got="$(sha256_of "$archive")"
  [ "$want" = "$got" ] || die "checksum mismatch for $url: expected $want, got $got"
  tar -xzf "$archive" -C "$dir" || die "cannot unpack $archive"
  bin="$dir/jwtlint"
  [ -f "$bin" ] || [ -f "$bin.exe" ] || die "$url holds no jwtlint binary at its top level"
}

# Build the action's own checkout; actions/cache (in action.yml) keeps the registry and the
# target folder, so a warm run recompiles only jwtlint itself.
install_source() {
  command -v cargo >/dev/null 2>&1 ||
    die "cargo is not installed: add a Rust toolchain step, or set 'version' to use a released binary"
  export CARGO_TARGET_DIR="${JWTLINT_TARGET_DIR:-$HOME/.cache/jwtlint-action/target}"
  say "building jwtlint from $action_path (cargo install --locked)"
  cargo install --path "$action_path" --locked --force --root "$tool_dir/source" ||
    die "cargo install failed"
  bin="$tool_dir/source/bin/jwtlint"
}

# Check the inputs before a build that may take minutes.
fail_on="${INPUT_FAIL_ON:-}"
case "$fail_on" in
  "" | error | warning | never) ;;
  *) die "fail-on must be error, warning or never, not '$fail_on'" ;;
esac
mode="${INPUT_MODE:-auto}"
case "$mode" in
  auto | diff | full | staged) ;;
  *) die "mode must be auto, diff, full or staged, not '$mode'" ;;
esac
sarif="${INPUT_SARIF-jwtlint.sarif}"
case "$sarif" in
  *$'\n'* | *$'\r'*) die "the sarif path must be one line" ;;
esac

bin="${JWTLINT_BIN:-}"
if [ -n "$bin" ]; then
  [ -x "$bin" ] || die "JWTLINT_BIN=$bin is not an executable"
elif [ -n "${INPUT_VERSION:-}" ]; then
  install_release "$INPUT_VERSION"
else
  install_source
fi
"$bin" --version >&2 || die "$bin does not run"

cd "${GITHUB_WORKSPACE:-.}"

# The pull request's base commit from the event payload (when action.yml did not pass it).
event_base() {
  local ev="${GITHUB_EVENT_PATH:-}"
  [ -n "$ev" ] && [ -f "$ev" ] || return 0
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys
pr = json.load(open(sys.argv[1], encoding="utf-8")).get("pull_request") or {}
print((pr.get("base") or {}).get("sha") or "")' "$ev"
  elif command -v jq >/dev/null 2>&1; then
    jq -r '.pull_request.base.sha // empty' "$ev"
  fi
}

# `--diff` needs the base commit and the history down to the merge base. A shallow checkout
# (actions/checkout's default fetch-depth: 1) gets the base commit first, and the full history
# only when the merge base is still out of reach. Failing to fetch fails the step: a silent full
# scan would report every old finding as if the pull request had added it.
ensure_base() {
  local shallow
  shallow="$(git rev-parse --is-shallow-repository 2>/dev/null)" ||
    die "diff mode needs a git checkout, and ${PWD} is not inside one"
  if ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
    say "fetching the base $base from origin"
    local depth=()
    [ "$shallow" = true ] && depth=(--depth=1)
    git fetch --no-tags ${depth[@]+"${depth[@]}"} origin "$base" >&2 ||
      die "cannot fetch the base $base from origin: check out with fetch-depth: 0 (actions/checkout)"
    # A branch name fetched from origin may have no local name: use the commit fetched.
    git rev-parse -q --verify "$base^{commit}" >/dev/null || base="$(git rev-parse FETCH_HEAD)"
  fi
  if ! git merge-base "$base" HEAD >/dev/null 2>&1; then
    if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
      say "the merge base of $base and HEAD is beyond this shallow clone: fetching the full history (fetch-depth: 0 avoids this step)"
      git fetch --no-tags --unshallow origin "$base" >&2 ||
        die "cannot fetch the history of $base and HEAD: check out with fetch-depth: 0 (actions/checkout)"
    fi
    git merge-base "$base" HEAD >/dev/null 2>&1 ||
      die "$base and HEAD have no common history: nothing to diff against"
  fi
}

if [ "$mode" = auto ]; then
  case "${GITHUB_EVENT_NAME:-}" in
    pull_request | pull_request_target) mode="diff" ;;
    *) mode=full ;;
  esac
fi
base=""
case "$mode" in
  full | staged) ;;
  diff)
    base="${INPUT_BASE:-}"
    [ -n "$base" ] || base="$(event_base)"
    [ -n "$base" ] ||
      die "diff mode needs a base: run on a pull_request event or set the 'base' input (for a push: \${{ github.event.before }})"
    case "$base" in
      -*) die "the base '$base' looks like an option, not a commit" ;;
    esac
    ensure_base
    ;;
esac

paths=() extra=()
split_words paths "${INPUT_PATHS:-.}"
[ "${#paths[@]}" -gt 0 ] || paths=(.)
split_words extra "${INPUT_ARGS:-}"

args=(--format github --color never)
[ -n "$fail_on" ] && args+=(--fail-on "$fail_on")
if [ -n "$sarif" ]; then
  mkdir -p "$(dirname "$sarif")"
  args+=(--sarif-output "$sarif")
fi
case "$mode" in
  diff) args+=(--diff "$base") ;;
  staged) args+=(--staged) ;;
esac

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
say "mode: $mode${base:+ (against $base)}"
status=0
"$bin" "${args[@]}" ${extra[@]+"${extra[@]}"} -- "${paths[@]}" >"$report" || status=$?
cat "$report"

if [ "$status" -gt 1 ]; then
  echo "::error title=jwtlint action::jwtlint stopped with exit status $status (see the log above)"
  exit "$status"
fi

# One workflow command per finding, one line each (jwtlint escapes newlines in messages).
findings="$(grep -c -E '^::(error|warning) file=' "$report" || true)"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "findings=$findings"
    echo "sarif=$sarif"
  } >>"$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "$mode" != full ]; then
  case "$mode" in
    diff) echo "_Only lines changed since the merge base with \`$base\` were checked._" ;;
    staged) echo "_Only staged changes were checked._" ;;
  esac >>"$GITHUB_STEP_SUMMARY"
fi
exit "$status"
