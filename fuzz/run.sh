#!/usr/bin/env bash
# Fuzz one parser family with libFuzzer: fuzz/run.sh TARGET [SECONDS] (default 600).
# TARGET: nginx shell dockerfile compose kubernetes systemd python javascript go rust regex engine haproxy caddyfile traefik apache hcl platform
# Seeds come from samples/ and, when present, ../shared/corpus; the working corpus is fuzz/corpus/TARGET and
# crashes land in fuzz/crashes/ and libFuzzer's output in fuzz/logs/TARGET.log (all ignored by git; summed up by
# fuzz/report.py). Two targets can run at once (the build is shared). A crash is reproduced with the normal build:
#   swift run sselint-fuzz TARGET fuzz/crashes/TARGET-crash-…
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
secs=${2:-600}
swift build -c release --product sselint-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -parse-as-library >&2
bin=.build-fuzz/release/sselint-fuzz
corpus=fuzz/corpus/$target
mkdir -p "$corpus" fuzz/crashes fuzz/logs
seed() { find samples ../shared/corpus -type f \( "$@" \) 2>/dev/null | while read -r f; do cp "$f" "$corpus/seed-$(echo "$f" | md5sum | cut -c1-12)"; done; }
case $target in
    nginx) seed -name '*.conf' -o -path '*/nginx/*' ;;
    shell) seed -name '*.sh' ;;
    dockerfile) seed -name 'Dockerfile*' -o -name '*.dockerfile' ;;
    compose) seed -name '*compose*.y*ml' ;;
    kubernetes) seed -name '*.yaml' -o -name '*.yml' ;;
    systemd) seed -name '*.service' ;;
    python) seed -name '*.py' ;;
    javascript) seed -name '*.js' -o -name '*.ts' ;;
    go) seed -name '*.go' ;;
    rust) seed -name '*.rs' ;;
    haproxy) seed -name '*.cfg' -o -name 'haproxy*' ;;
    caddyfile) seed -iname '*caddyfile*' ;;
    apache) seed -name 'apache*.conf' -o -path '*apache*' -name '*.conf' -o -path '*/PRX002/*' ;;
    hcl)
        seed -name '*.tf' -o -name '*.tfvars'
        # The public Terraform files are in ../shared/realworld, which seed() does not read.
        find ../shared/realworld -type f \( -name '*.tf' -o -name '*.tfvars' \) 2>/dev/null | while read -r f; do
            cp "$f" "$corpus/seed-$(echo "$f" | md5sum | cut -c1-12)"
        done ;;
    platform)
        # The first byte picks vercel.json (0), app.yaml (1), a Knative service.yaml (2) or package.json (3), as
        # FuzzTarget.platform reads it.
        i=0
        for f in $(find samples -type f \( -path '*/PLT00*' -name 'vercel.json' -o -path '*/PLT00*' -name 'app.yaml' -o -path '*/PLT00*' -name 'service.yaml' -o -name 'package.json' \) | sort); do
            case $f in *vercel.json) k='\x00';; *app.yaml) k='\x01';; *package.json) k='\x03';; *) k='\x02';; esac
            { printf "$k"; cat "$f"; } > "$corpus/seed-$i"; i=$((i + 1))
        done ;;
    traefik)
        # The first byte picks TOML (even) or YAML (odd), as FuzzTarget.traefik reads it.
        i=0
        for f in $(grep -rlis 'traefik' samples ../shared/realworld 2>/dev/null | grep -E '\.(toml|ya?ml)$' | sort); do
            case $f in *.toml) k='\x00';; *) k='\x01';; esac
            { printf "$k"; cat "$f"; } > "$corpus/seed-$i"; i=$((i + 1))
        done ;;
    regex)
        i=0
        for p in '^/api/(chat|stream)$' '\.(php|sse)$' '^/(?<n>[^/]+)/x{1,3}$' '(a|aa)*b' '[^/]+\d{2,}'; do
            printf '%s\0/api/chat/stream' "$p" > "$corpus/seed-$i"; i=$((i + 1))
        done ;;
    engine)
        # The first byte picks the input kind (see FuzzTarget.engine).
        i=0
        for f in $(find samples -type f \( -name '*.conf' -o -name 'Dockerfile' -o -name '*.yaml' -o -name '*.py' -o -name '*.ts' -o -name '*.go' -o -name '*.sh' \) | sort); do
            case $f in *.conf) k=0;; *Dockerfile) k=1;; *.yaml) k=2;; *.py) k=3;; *.ts) k=4;; *.go) k=5;; *.sh) k=6;; esac
            { printf "\\x$(printf %02x $k)"; cat "$f"; } > "$corpus/seed-$i"; i=$((i + 1))
        done ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
esac
dict=fuzz/dict/$target.dict
[ -f "$dict" ] || dict=/dev/null
# The log's first line says what code ran (fuzz/report.py shows it).
echo "run: $target for ${secs}s at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- Sources 2>/dev/null || echo '+changes'), $(date -u +%FT%TZ)" > "fuzz/logs/$target.log"
SSELINT_FUZZ_TARGET=$target "$bin" "$corpus" -dict="$dict" -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 \
    -max_len=65536 -artifact_prefix="fuzz/crashes/$target-" -print_final_stats=1 -close_fd_mask=3 \
    2>&1 | tee -a "fuzz/logs/$target.log" >&2
