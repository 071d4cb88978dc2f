#!/usr/bin/env bash
# civetweb (Debian's build) gives each worker thread a 100 KB stack, and glibc carves every thread's static
# TLS out of that stack: large _Thread_local buffers starve the workers (ASan builds overflow first).
# Fails when linggongd's TLS segment grows past the budget. Usage: tls_budget.sh BINARY [BUDGET_BYTES]
set -euo pipefail
bin=$1
budget=${2:-1024}
size=$(readelf -lW "$bin" | awk '$1 == "TLS" { print strtonum($6) }')
size=${size:-0}
echo "TLS segment of $(basename "$bin"): $size bytes (budget $budget)"
[ "$size" -le "$budget" ]
