# The compose stack's Consul agent (hashicorp/consul, started as "agent -dev", which keeps its catalogue
# in memory): the services register themselves with liveness and readiness checks once they listen and
# again when Consul forgets them, so nothing is registered here and a restarted Consul refills itself
# within their reconcile interval (30 s).
ui_config {
  enabled = true
}
client_addr = "0.0.0.0"

# For DNS clients over UDP (Kong, if pointed at Consul's DNS on 8600): set the truncation bit when an
# answer is cut to three records, so the client retries over TCP and sees every instance.
dns_config {
  enable_truncate = true
  only_passing    = true
}

# No ACLs in this development agent: anyone who reaches port 8500 on the compose network (or the
# published 10006) may read and change the catalogue and KV. To turn them on: run a server agent
# (not -dev) with a data volume, set here
#   acl { enabled = true  default_policy = "deny"  enable_token_persistence = true }
# bootstrap with `consul acl bootstrap`, create a token whose policy lets each service register
# (service_prefix "" { policy = "write" }) and read (node_prefix "" { policy = "read" }), and give it to
# the services; they do not send a Consul token yet, so that step needs CONSUL_TOKEN support first.
acl {
  enabled = false
}
