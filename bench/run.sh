#!/usr/bin/env bash
# jwtlint beside ripgrep on the same tree, in the same run (issue 6). Nothing here is a test: the
# numbers belong to the machine, and docs/PERFORMANCE.md records them with the machine.
#
#   bench/run.sh [TREE...]
#
# With no TREE, the real-world corpus is built (once) from the package registries by
# bench/corpus/make-corpus.sh (pinned npm, PyPI, Debian and crates.io packages: ~1.2 GiB in ~122k
# files, and a ~185 MiB subset) and both its trees are measured.
#
# For each tree, after one warm-up run of each (the page cache is warm for both):
#   - RUNS alternating runs of `rg --hidden -c -i -e jwt -e secret TREE` and
#     `jwtlint --no-keys --format json TREE` (same files: hidden ones included, .gitignore
#     honoured by both); median wall, user+system CPU and peak RSS of each (GNU time), and the
#     ratio jwtlint/rg;
#   - how much of the tree the keyword prefilter lets through to the lexer.
# Then:
#   - start-up: jwtlint on an empty folder (median of 200 runs);
#   - linearity: one 1 MiB and one 50 MiB JavaScript file of real JWT code (every byte lexed and
#     parsed), time per MiB of each.
# The git modes have their own script: bench/git-modes.sh.
#
# Environment: RUNS (default 5), JWTLINT (binary; default target/release/jwtlint, built when
# missing), CORPUS_DIR (default $HOME/.cache/jwtlint-bench-corpus), BENCH_DIR (scratch, default
# /tmp/jwtlint-bench). Needs rg and GNU time (/usr/bin/time); the corpus needs npm, pip, cargo,
# apt-get and dpkg-deb.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${JWTLINT:-$ROOT/target/release/jwtlint}
RUNS=${RUNS:-5}
WORK=${BENCH_DIR:-/tmp/jwtlint-bench}
CORPUS=${CORPUS_DIR:-$HOME/.cache/jwtlint-bench-corpus}
TIME=/usr/bin/time

need() { command -v "$1" >/dev/null || { echo "bench: $1 is needed ($2)" >&2; exit 2; }; }
need rg "cargo install ripgrep, or apt-get install ripgrep"
[ -x "$TIME" ] || { echo "bench: GNU time is needed at $TIME (apt-get install time)" >&2; exit 2; }
if [ -z "${JWTLINT:-}" ]; then
    cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml"
fi
mkdir -p "$WORK"

if [ $# -eq 0 ]; then
    CORPUS_DIR=$CORPUS "$ROOT/bench/corpus/make-corpus.sh"
    set -- "$CORPUS/medium" "$CORPUS/full"
fi

# one CMD...: run once under GNU time; prints "wall cpu rss_kib".
one() {
    "$TIME" -f '%e %U %S %M' -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || {
        local rc=$?
        # jwtlint exits 1 when it finds something; rg exits 1 when nothing matches.
        if [ "$rc" -gt 1 ]; then
            echo "bench: '$*' failed ($rc):" >&2
            cat "$WORK/stderr.txt" >&2
            exit 2
        fi
    }
    tail -n 1 "$WORK/time.txt" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }'
}

# median FILE COLUMN
median() {
    awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

host() {
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "jwtlint: $("$BIN" --version), rg: $(rg --version | sed -n 1p)"
}

host
echo
echo "| tree | size | tool | median wall s | median CPU s | peak RSS MiB |"
echo "|---|---|---|---|---|---|"
for tree in "$@"; do
    [ -d "$tree" ] || { echo "bench: $tree is not a folder" >&2; exit 2; }
    size=$(du -sh --apparent-size "$tree" | cut -f1)
    files=$(find "$tree" -type f | wc -l)
    one rg --hidden -c -i -e jwt -e secret "$tree" >/dev/null
    one "$BIN" --no-keys --format json "$tree" >/dev/null
    : >"$WORK/rg.txt"
    : >"$WORK/jwtlint.txt"
    for _ in $(seq "$RUNS"); do
        one rg --hidden -c -i -e jwt -e secret "$tree" >>"$WORK/rg.txt"
        one "$BIN" --no-keys --format json "$tree" >>"$WORK/jwtlint.txt"
    done
    for t in rg jwtlint; do
        printf '| %s | %s, %s files | %s | %s | %s | %.0f |\n' "$(basename "$tree")" "$size" "$files" "$t" \
            "$(median "$WORK/$t.txt" 1)" "$(median "$WORK/$t.txt" 2)" \
            "$(awk '{ print $3 / 1024 }' "$WORK/$t.txt" | sort -g | tail -1)"
    done
    awk -v a="$(median "$WORK/jwtlint.txt" 1)" -v b="$(median "$WORK/rg.txt" 1)" \
        -v c="$(median "$WORK/jwtlint.txt" 2)" -v d="$(median "$WORK/rg.txt" 2)" -v n="$(basename "$tree")" \
        'BEGIN { printf "| %s | | jwtlint / rg | %.2f× | %.2f× | |\n", n, a / b, c / d }'
    (cd "$ROOT" && cargo run --release --quiet --example prefilter_share -- "$tree") | sed "s|^|<!-- $(basename "$tree"): |; s|$| -->|"
done

# Start-up: an empty folder, no configuration.
empty=$WORK/empty
rm -rf "$empty" && mkdir -p "$empty"
t0=$(date +%s%N)
for _ in $(seq 200); do "$BIN" --no-keys --isolated "$empty" >/dev/null 2>&1; done
t1=$(date +%s%N)
echo
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "start-up on an empty folder: %.2f ms (mean of 200 runs)\n", (b - a) / 200 / 1e6 }'

# Linearity: real JWT code (a jsonwebtoken-style service module, every line lexed and parsed),
# repeated to 1 MiB and to 50 MiB in one file.
lin=$WORK/linear
rm -rf "$lin" && mkdir -p "$lin/1" "$lin/50"
python3 - "$lin" <<'EOF'
import sys
unit = '''
const jwt = require('jsonwebtoken');
function issue%(i)d(user, opts) {
  const claims = { sub: user.id, role: user.role, n: %(i)d };
  return jwt.sign(claims, process.env.JWT_SECRET, { algorithm: 'HS256', expiresIn: '15m' });
}
async function check%(i)d(req, res, next) {
  const header = req.headers.authorization || '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : null;
  if (!token) return res.status(401).json({ error: 'missing token' });
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
    return next();
  } catch (e) {
    return res.status(401).json({ error: e.message, at: %(i)d });
  }
}
'''
for mib, d in ((1, "1"), (50, "50")):
    out, i, n = [], 0, 0
    while n < mib * 1048576:
        s = unit % {"i": i}
        out.append(s); n += len(s); i += 1
    open(f"{sys.argv[1]}/{d}/service.js", "w").write("".join(out))
EOF
for d in 1 50; do
    one "$BIN" --no-keys --isolated --format json --max-filesize 64M "$lin/$d" >/dev/null
    : >"$WORK/lin$d.txt"
    for _ in $(seq "$RUNS"); do one "$BIN" --no-keys --isolated --format json --max-filesize 64M "$lin/$d" >>"$WORK/lin$d.txt"; done
done
w1=$(median "$WORK/lin1.txt" 1)
w50=$(median "$WORK/lin50.txt" 1)
awk -v a="$w1" -v b="$w50" -v r1="$(awk '{ print $3 / 1024 }' "$WORK/lin1.txt" | sort -g | tail -1)" \
    -v r50="$(awk '{ print $3 / 1024 }' "$WORK/lin50.txt" | sort -g | tail -1)" 'BEGIN {
    printf "one 1 MiB file: %.3f s (%.0f MiB RSS); one 50 MiB file: %.2f s (%.0f MiB RSS): %.1f× the 1 MiB file, %.1f ms/MiB vs %.1f ms/MiB\n",
        a, r1, b, r50, b / a, 1000 * a, 1000 * b / 50 }'
