#!/usr/bin/env bash
# Benchmarks of the git modes (issue 4), with target/release/jwtlint:
#
#   1. `jwtlint --staged` with 10 staged files in a synthetic repository of 100k committed files
#      (its cost should follow the staged files, not the repository);
#   2. `jwtlint --history` throughput in MB of unique blobs per second, beside
#      `git log -p --all | rg -i -e jwt -e secret` on the same history, for two histories:
#      a. jwtlint's own repository (a clone of the current checkout, all branches);
#      b. 20 successive releases of the npm package next-auth, committed one after another
#         (a real JWT code base; needs `npm` and the npm registry).
#
# Times are wall-clock means (hyperfine when installed, else a loop). Nothing here is a test:
# the numbers depend on the machine. Environment: JWTLINT (binary), BENCH_DIR (scratch folder,
# default /tmp/jwtlint-bench-git), FILES (default 100000), RUNS (default 10), SKIP_NPM=1.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${JWTLINT:-$ROOT/target/release/jwtlint}
WORK=${BENCH_DIR:-/tmp/jwtlint-bench-git}
FILES=${FILES:-100000}
RUNS=${RUNS:-10}

if [ ! -x "$BIN" ]; then
    cargo build --release --manifest-path "$ROOT/Cargo.toml"
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is needed: cargo install ripgrep, or apt-get install ripgrep" >&2; exit 2; }
mkdir -p "$WORK"

# Reproducible commits, untouched by the user's git configuration.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
at() { export GIT_AUTHOR_DATE="$1 +0000" GIT_COMMITTER_DATE="$1 +0000"; }

# measure NAME DIR COMMAND: prints "NAME<TAB>mean seconds" to $WORK/results.tsv and stdout.
measure() {
    local name=$1 dir=$2 cmd=$3 mean
    if command -v hyperfine >/dev/null; then
        (cd "$dir" && hyperfine --style basic --warmup 1 --runs "$RUNS" -i \
            --export-json "$WORK/h.json" "$cmd" >&2)
        mean=$(grep -m1 '"mean"' "$WORK/h.json" | sed -E 's/.*"mean": *([0-9.eE+-]+).*/\1/')
    else
        (cd "$dir" && bash -c "$cmd" >/dev/null 2>&1) || true
        local t0 t1
        t0=$(date +%s%N)
        for _ in $(seq "$RUNS"); do (cd "$dir" && bash -c "$cmd" >/dev/null 2>&1) || true; done
        t1=$(date +%s%N)
        mean=$(awk -v a="$t0" -v b="$t1" -v n="$RUNS" 'BEGIN { printf "%.4f", (b - a) / n / 1e9 }')
    fi
    printf '%s\t%s\n' "$name" "$mean" | tee -a "$WORK/results.tsv"
}

# Bytes of the unique blobs reachable from every ref.
unique_blob_bytes() {
    git -C "$1" rev-list --all --objects | cut -d' ' -f1 |
        git -C "$1" cat-file --batch-check='%(objecttype) %(objectsize)' |
        awk '$1 == "blob" { s += $2; n++ } END { printf "%d %d\n", s, n }'
}

: >"$WORK/results.tsv"

# ---------------------------------------------------------------- 1. --staged in 100k files
BIG=$WORK/big
if [ ! -f "$BIG/.done-$FILES" ]; then
    rm -rf "$BIG" && mkdir -p "$BIG" && git -C "$BIG" init -q -b main
    echo "creating $FILES files in $BIG ..." >&2
    (cd "$BIG" && awk -v n="$FILES" 'BEGIN {
        for (i = 0; i < n; i++) {
            d = sprintf("src/m%03d", i % 1000)
            if (!(d in made)) { system("mkdir -p " d); made[d] = 1 }
            f = sprintf("%s/f%06d.js", d, i)
            printf "const m%d = require(\"./util\");\nexports.run%d = (x) => m%d.handle(x, %d);\n", i, i, i, i > f
            if (i % 100 == 0) printf "// token helper %d: verifies the jwt with the configured secret\n", i >> f
            close(f)
        }
    }')
    at 1704067200
    git -C "$BIG" add -A
    git -C "$BIG" commit -q -m "100k files"
    touch "$BIG/.done-$FILES"
fi
git -C "$BIG" reset -q --hard
for i in 0 1 2 3 4 5 6 7 8 9; do
    f=$(printf 'src/m%03d/f%06d.js' "$((i * 97))" "$((i * 97))")
    if [ "$i" = 0 ]; then
        printf "const jwt = require('jsonwebtoken');\nexports.issue = (u) => jwt.sign({ sub: u }, 'staged-bench-secret-0123456789abcdef', { algorithm: 'HS256' });\n" >>"$BIG/$f"
    else
        printf '// edited %d\n' "$i" >>"$BIG/$f"
    fi
    git -C "$BIG" add "$f"
done
echo "staged: $(git -C "$BIG" diff --cached --name-only | wc -l) files in a repository of $(git -C "$BIG" ls-files | wc -l)" >&2
measure "staged (10 of $FILES files)" "$BIG" "$BIN --staged --format json --no-keys --isolated > /dev/null"
measure "git diff --cached --name-only (same repo)" "$BIG" "git diff --cached --name-only > /dev/null"
measure "full scan of the same $FILES files" "$BIG" "$BIN --format json --no-keys --isolated > /dev/null"

# ---------------------------------------------------------------- 2. --history
history_bench() {
    local label=$1 repo=$2 bytes blobs
    read -r bytes blobs < <(unique_blob_bytes "$repo")
    echo "$label: $(git -C "$repo" rev-list --all | wc -l) commits, $blobs unique blobs, $bytes bytes" >&2
    printf '%s unique blob bytes\t%s\n' "$label" "$bytes" >>"$WORK/results.tsv"
    local t
    t=$(measure "history: $label" "$repo" "$BIN --history --format json --no-keys --isolated > /dev/null" | cut -f2)
    awk -v b="$bytes" -v t="$t" -v l="$label" 'BEGIN { printf "history: %s\t%.1f MB/s of unique blobs (%.1f MB in %.3f s)\n", l, b / 1e6 / t, b / 1e6, t }' |
        tee -a "$WORK/results.tsv"
    measure "git log -p --all | rg -i -e jwt -e secret: $label" "$repo" "git log -p --all | rg -i -e jwt -e secret > /dev/null"
}

SELF=$WORK/self
rm -rf "$SELF"
git clone -q --no-local "$ROOT" "$SELF"
history_bench "jwtlint's own history" "$SELF"

if [ "${SKIP_NPM:-}" != 1 ] && command -v npm >/dev/null; then
    NA=$WORK/next-auth
    PKGS=$WORK/npm-cache
    mkdir -p "$PKGS"
    if [ ! -f "$NA/.done" ]; then
        rm -rf "$NA" && mkdir -p "$NA" && git -C "$NA" init -q -b main
        # 20 releases spread over the 4.x line, oldest first.
        mapfile -t all < <(npm view next-auth@4 version --json | tr -d '[]", ' | grep -v '^$' | sort -V)
        t=1640995200
        for k in $(seq 0 19); do
            v=${all[$((k * (${#all[@]} - 1) / 19))]}
            tgz=$PKGS/next-auth-$v.tgz
            [ -f "$tgz" ] || (cd "$PKGS" && npm pack --silent "next-auth@$v" >/dev/null)
            find "$NA" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} +
            tar -xzf "$tgz" -C "$NA" --strip-components=1
            at "$t"
            t=$((t + 30 * 86400))
            git -C "$NA" add -A
            git -C "$NA" commit -q -m "next-auth $v"
        done
        touch "$NA/.done"
    fi
    history_bench "next-auth, 20 releases" "$NA"
fi

echo >&2
echo "results ($WORK/results.tsv):" >&2
cat "$WORK/results.tsv" >&2
