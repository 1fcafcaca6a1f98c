# Shared by deploy/local/run.sh and the deploy module's tests: the .env both ways to run read (the
# local runner and deploy/compose), made from .env.example with fresh secrets. Needs say() from infra.sh.

random_secret() {
  if command -v openssl >/dev/null 2>&1; then openssl rand -base64 48 | tr -d '\n'; else head -c 48 /dev/urandom | base64 | tr -d '\n'; fi
}

# write_env EXAMPLE TARGET: TARGET from EXAMPLE with a new JWT_SECRET, database password, first admin,
# Alertmanager webhook token and Grafana admin password (for deploy/compose); readable by its owner only.
write_env() {
  local example=$1 target=$2 jwt_secret db_password admin_password webhook_token grafana_password
  jwt_secret=$(random_secret)
  db_password=$(random_secret | tr -dc 'A-Za-z0-9' | head -c 32)
  admin_password=$(random_secret | tr -dc 'A-Za-z0-9' | head -c 24)
  webhook_token=$(random_secret | tr -dc 'A-Za-z0-9' | head -c 40)
  grafana_password=$(random_secret | tr -dc 'A-Za-z0-9' | head -c 24)
  (umask 077 && sed -e "s|^JWT_SECRET=.*|JWT_SECRET=$jwt_secret|" -e "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=$db_password|" \
    -e "s|^SUTAZAI_ADMIN_EMAIL=.*|SUTAZAI_ADMIN_EMAIL=admin@sutazai.local|" \
    -e "s|^SUTAZAI_ADMIN_PASSWORD=.*|SUTAZAI_ADMIN_PASSWORD=$admin_password|" \
    -e "s|^ALERTMANAGER_WEBHOOK_TOKEN=.*|ALERTMANAGER_WEBHOOK_TOKEN=$webhook_token|" \
    -e "s|^GRAFANA_ADMIN_PASSWORD=.*|GRAFANA_ADMIN_PASSWORD=$grafana_password|" \
    "$example" > "$target")
}
