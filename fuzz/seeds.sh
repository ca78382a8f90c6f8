#!/usr/bin/env bash
# Rebuild the committed seed corpora (fuzz/corpus/<target>/) from the labeled fixtures.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf corpus && mkdir -p corpus
seed() { # target file [prefix-bytes]
  mkdir -p "corpus/$1"
  local out
  out="corpus/$1/$(sha1sum "$2" | cut -c1-16)"
  # The prefix is octal escapes (the analyze target's name index), written by printf on purpose.
  # shellcheck disable=SC2059
  if [ -n "${3:-}" ]; then { printf "$3"; cat "$2"; } > "$out"; else cp "$2" "$out"; fi
}
# Index into NAMES in fuzz_targets/analyze.rs, as an octal escape for printf.
name_index() {
  case "$1" in
    *.js|*.mjs|*.cjs|*.jsx) echo 0 ;; *.ts) echo 1 ;; *.tsx) echo 2 ;; *.py) echo 3 ;;
    *.go) echo 4 ;; *.java) echo 5 ;; *.kt|*.kts) echo 6 ;; *.cs) echo 7 ;; *.php) echo 8 ;;
    *.rb) echo 9 ;; *.rs) echo 10 ;; */.env.example) echo 12 ;; */.env) echo 11 ;;
    */appsettings*.json) echo 14 ;; *.json) echo 15 ;; */docker-compose*.yml) echo 17 ;;
    */k8s*.yaml) echo 18 ;; *.yml|*.yaml) echo 16 ;; *.properties) echo 19 ;; *.toml) echo 20 ;;
    *.conf) echo 21 ;; *.sh) echo 22 ;; */Makefile) echo 23 ;; */Dockerfile) echo 24 ;;
    *.tf) echo 25 ;; *.tfvars) echo 26 ;; *) echo "" ;;
  esac
}
target_of() {
  case "$1" in
    *.js|*.mjs|*.cjs|*.jsx) echo lex_javascript ;; *.ts|*.tsx) echo lex_typescript ;;
    *.py) echo lex_python ;; *.go) echo lex_go ;; *.java) echo lex_java ;; *.kt|*.kts) echo lex_kotlin ;;
    *.cs) echo lex_csharp ;; *.php) echo lex_php ;; *.rb) echo lex_ruby ;; *.rs) echo lex_rust ;;
    */.env|*/.env.*) echo config_dotenv ;; *.json) echo config_json ;; *.yml|*.yaml) echo config_yaml ;;
    *.properties) echo config_properties ;; *.toml) echo config_toml ;; *.conf) echo config_hocon ;;
    *.sh|*/Makefile) echo config_shell ;; */Dockerfile) echo config_dockerfile ;;
    *.tf|*.tfvars) echo config_terraform ;; *) echo "" ;;
  esac
}
while IFS= read -r -d '' f; do
  t=$(target_of "$f"); i=$(name_index "$f")
  [ -n "$t" ] && seed "$t" "$f"
  [ -n "$i" ] && seed analyze "$f" "\\$(printf '%03o' "$i")\\000"
done < <(find ../fixtures -type f -print0 | sort -z)
du -sh corpus
