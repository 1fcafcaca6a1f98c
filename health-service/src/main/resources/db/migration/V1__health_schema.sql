-- The health schema belongs to health-service alone (probe results, uptime and alerts); Flyway creates it.
COMMENT ON SCHEMA health IS 'Owned by health-service: probe results, uptime and alerts. Other services ask it over HTTP.';
