# Shared by deploy/local/run.sh and .ci/run: makes sure PostgreSQL and Redis are up on this
# machine (starting them, or installing them with apt when run as root), and creates roles and
# databases. Script-internal variables are lower-case; upper-case names are the suite's settings.

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

apt_install() {
  is_root && command -v apt-get >/dev/null 2>&1 || return 1
  say "installing $* with apt-get"
  if [ -z "${apt_updated:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

postgres_answers() {
  pg_isready -q -h "$1" -p "$2" 2>/dev/null
}

# ensure_postgres HOST PORT: a local PostgreSQL answering on HOST:PORT.
ensure_postgres() {
  local host=$1 port=$2
  command -v pg_isready >/dev/null 2>&1 || apt_install postgresql postgresql-client \
    || die "PostgreSQL is not installed. Install it (Debian/Ubuntu: sudo apt-get install postgresql) and run this again."
  postgres_answers "$host" "$port" && return 0
  case "$host" in localhost|127.*|::1) ;; *) die "PostgreSQL at $host:$port does not answer; start it and run this again." ;; esac
  if command -v pg_lsclusters >/dev/null 2>&1 && [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    apt_install postgresql || true
  fi
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    local version
    for version in $(ls /etc/postgresql 2>/dev/null); do
      say "starting PostgreSQL $version"
      if is_root; then
        pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
      else
        pg_ctlcluster "$version" main start >&2 || true
      fi
    done
  fi
  local tries
  for tries in $(seq 1 30); do
    postgres_answers "$host" "$port" && return 0
    sleep 1
  done
  die "PostgreSQL does not answer on $host:$port. Start it (e.g. sudo pg_ctlcluster 15 main start) and run this again."
}

redis_answers() {
  [ "$(redis-cli -h "$1" -p "$2" ping 2>/dev/null)" = "PONG" ]
}

# ensure_redis HOST PORT: a Redis answering on HOST:PORT (started without persistence if we start it).
ensure_redis() {
  local host=$1 port=$2
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server \
    || die "Redis is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server) and run this again."
  redis_answers "$host" "$port" && return 0
  case "$host" in localhost|127.*|::1) ;; *) die "Redis at $host:$port does not answer; start it and run this again." ;; esac
  say "starting Redis on port $port"
  local redis_dir=/tmp/sutazai-redis
  mkdir -p "$redis_dir"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$redis_dir" --logfile "$redis_dir/redis.log" >&2
  local tries
  for tries in $(seq 1 20); do
    redis_answers "$host" "$port" && return 0
    sleep 0.5
  done
  die "Redis did not start on port $port; see $redis_dir/redis.log"
}

# psql_admin: runs SQL from stdin as the PostgreSQL superuser.
psql_admin() {
  if is_root && id postgres >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres "$@")
  else
    psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d postgres -w "$@" \
      || die "cannot reach PostgreSQL as its superuser; run this as root, or create the role and database yourself"
  fi
}

# ensure_role_and_database ROLE PASSWORD DATABASE: the role logs in with the password over TCP
# and owns the database (so each service's Flyway can create its own schema).
ensure_role_and_database() {
  local role=$1 password=$2 database=$3
  psql_admin -v role="$role" -v password="$password" -v database="$database" <<'SQL' >/dev/null
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')\gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'password')\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database')\gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'database', :'role')\gexec
SQL
}

# ensure_password_login ROLE PASSWORD: a role that may only connect to the database postgres, and
# must give its password over TCP even where the server trusts local connections (so tests can see
# a wrong password refused): its own scram-sha-256 line goes first in pg_hba.conf, then a reload.
ensure_password_login() {
  local role=$1 password=$2 hba line
  psql_admin -v role="$role" -v password="$password" <<'SQL' >/dev/null
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')\gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'password')\gexec
SQL
  hba=$(psql_admin -tA -c 'SHOW hba_file') || die "cannot find pg_hba.conf"
  line="host postgres $role 127.0.0.1/32 scram-sha-256"
  if ! grep -qxF "$line" "$hba" 2>/dev/null; then
    [ -w "$hba" ] || die "$hba is not writable: run this as root, or add the line '$line' first in it yourself"
    say "requiring a password of $role in $hba"
    { printf '%s\n' "$line"; cat "$hba"; } >"$hba.new" && cat "$hba.new" >"$hba" && rm -f "$hba.new"
    psql_admin -c 'SELECT pg_reload_conf()' >/dev/null
  fi
}

rabbitmq_answers() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# ensure_package COMMAND PACKAGE: COMMAND on the PATH, installing PACKAGE with apt when run as root
# (tests start what they need themselves, e.g. health-service's Prometheus and Alertmanager).
ensure_package() {
  command -v "$1" >/dev/null 2>&1 && return 0
  apt_install "$2" \
    || die "$1 is not installed. Install it (Debian/Ubuntu: sudo apt-get install $2) and run this again."
}

# ensure_rabbitmq HOST PORT: a RabbitMQ broker accepting AMQP on HOST:PORT (its default guest/guest
# login works from localhost), started or installed as the other ensure_* functions do.
ensure_rabbitmq() {
  local host=$1 port=$2
  rabbitmq_answers "$host" "$port" && return 0
  case "$host" in localhost|127.*|::1) ;; *) die "RabbitMQ at $host:$port does not answer; start it and run this again." ;; esac
  command -v rabbitmq-server >/dev/null 2>&1 || apt_install rabbitmq-server \
    || die "RabbitMQ is not installed. Install it (Debian/Ubuntu: sudo apt-get install rabbitmq-server) and run this again."
  say "starting RabbitMQ"
  rabbitmq-server -detached >&2 || true
  local tries
  for tries in $(seq 1 60); do
    rabbitmq_answers "$host" "$port" && return 0
    sleep 1
  done
  die "RabbitMQ does not answer on $host:$port; see /var/log/rabbitmq/"
}
