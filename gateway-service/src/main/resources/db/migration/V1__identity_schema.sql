-- The identity schema belongs to gateway-service alone (users, credentials and tokens); Flyway creates it.
COMMENT ON SCHEMA identity IS 'Owned by gateway-service: users, credentials and tokens. Other services ask it over HTTP.';
