#!/usr/bin/env bash
# Writes deploy/kubernetes/base/secrets.env, the sutazai-secrets Secret's content, from the secrets of
# an .env (default: the repository's, which deploy/local/run.sh creates with fresh secrets). Only the
# variables below go there; the cluster's other settings are in base/settings.env.
#   deploy/kubernetes/secrets.sh [ENV_FILE [TARGET]]     (TARGET: base/secrets.env)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/deploy/local/lib/infra.sh"
env_file=${1:-$root/.env}
[ -f "$env_file" ] || die "no $env_file: run deploy/local/run.sh once (it writes .env with fresh secrets), or name your env file"
secrets=(JWT_SECRET JWT_SECRET_PREVIOUS POSTGRES_PASSWORD REDIS_PASSWORD SUTAZAI_ADMIN_EMAIL SUTAZAI_ADMIN_PASSWORD
  ALERTMANAGER_WEBHOOK_TOKEN OPENAI_API_KEY)
target=${2:-$root/deploy/kubernetes/base/secrets.env}
(umask 077 && for name in "${secrets[@]}"; do
  # The last assignment wins, as when a shell sources the file.
  line=$(grep -E "^$name=" "$env_file" | tail -n 1 || true)
  printf '%s\n' "${line:-$name=}"
done > "$target")
[ -n "$(grep -E '^JWT_SECRET=.+' "$target")" ] || die "$env_file sets no JWT_SECRET: every service refuses to start without one"
say "wrote $target"
