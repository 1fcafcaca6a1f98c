package ai.sutazai.commons.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a service's raw settings before Quarkus starts and collects every problem, so the
 * operator gets one message listing all of them instead of the first failure Quarkus meets.
 * Each group method covers the variables of one row of the configuration registry.
 */
public final class ConfigCheck {

    static final int MIN_SECRET_BYTES = 32;
    private static final String GENERATE_SECRET = "generate one with: openssl rand -base64 48";

    // Compared after lower-casing and dropping everything but letters and digits.
    private static final Set<String> PLACEHOLDER_SECRETS = Set.of(
            "changeme", "changemeinproduction", "changeit", "changethis", "secret", "secretkey",
            "mysecret", "supersecret", "jwtsecret", "jwtsecretkey", "yoursecretkey", "yoursecretkeyhere",
            "yoursecret", "yourjwtsecret", "password", "default", "example", "test", "replaceme",
            "placeholder", "insertsecrethere", "sutazai", "sutazaisecret");
    private static final List<String> PLACEHOLDER_FRAGMENTS = List.of(
            "changeme", "changethis", "yoursecret", "replaceme", "placeholder", "insertsecret", "example");
    private static final int MIN_DISTINCT_SECRET_CHARS = 8;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final int MIN_ADMIN_PASSWORD_LENGTH = 12;
    private static final Pattern SHORT_DURATION = Pattern.compile("\\d+(ms|s|m|h|d)?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[?[0-9A-Fa-f:.]+]?");

    private final RawSettings settings;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private ConfigCheck(RawSettings settings) {
        this.settings = settings;
    }

    /** Starts a check of the given settings. */
    public static ConfigCheck of(RawSettings settings) {
        return new ConfigCheck(settings);
    }

    /** Every problem found so far, in the order the checks ran. */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * {@code JWT_SECRET} (required) and {@code JWT_SECRET_PREVIOUS} (optional, still accepted during
     * a rotation): token verification, all five services.
     */
    public ConfigCheck jwt() {
        secret("JWT_SECRET");
        var previous = settings.get("JWT_SECRET_PREVIOUS");
        if (previous.isPresent()) {
            if (previous.equals(settings.get("JWT_SECRET"))) {
                return problem("JWT_SECRET_PREVIOUS", "is the same as JWT_SECRET",
                        "set it to the secret JWT_SECRET had before the rotation, or leave it unset");
            }
            secret("JWT_SECRET_PREVIOUS");
        }
        return this;
    }

    /** {@code POSTGRES_*}: the services that own a schema. */
    public ConfigCheck postgres() {
        host("POSTGRES_HOST");
        port("POSTGRES_PORT");
        return required("POSTGRES_PASSWORD",
                "set it to the password of the PostgreSQL role named by POSTGRES_USER (see .env.example)");
    }

    /** {@code REDIS_*}: the services that cache or limit in Redis (a soft dependency). */
    public ConfigCheck redis() {
        host("REDIS_HOST");
        return port("REDIS_PORT");
    }

    /** Settings every service reads: Consul, tracing export and graceful shutdown. */
    public ConfigCheck common() {
        bool("CONSUL_ENABLED");
        bool("CONSUL_CONFIG_ENABLED");
        host("CONSUL_HOST");
        port("CONSUL_PORT");
        host("SERVICE_ADVERTISED_HOST");
        if (settings.get("CONSUL_ENABLED").filter("true"::equalsIgnoreCase).isPresent()) {
            required("SERVICE_ADVERTISED_HOST", "with CONSUL_ENABLED=true, set it to the host name other services and "
                    + "Consul reach this instance at (never localhost in a cluster), e.g. SERVICE_ADVERTISED_HOST=agent-service");
        }
        httpUrl("OTEL_EXPORTER_OTLP_ENDPOINT");
        return duration("SHUTDOWN_TIMEOUT");
    }

    /**
     * The gateway's token and account settings: token lifetimes, self-registration and the
     * optional bootstrap admin ({@code SUTAZAI_ADMIN_EMAIL} and {@code SUTAZAI_ADMIN_PASSWORD}, both or neither).
     */
    public ConfigCheck identity() {
        duration("JWT_ACCESS_TOKEN_TTL");
        duration("JWT_REFRESH_TOKEN_TTL");
        bool("AUTH_REGISTRATION_OPEN");
        var email = settings.get("SUTAZAI_ADMIN_EMAIL");
        var password = settings.get("SUTAZAI_ADMIN_PASSWORD");
        if (email.isPresent() != password.isPresent()) {
            String missing = email.isPresent() ? "SUTAZAI_ADMIN_PASSWORD" : "SUTAZAI_ADMIN_EMAIL";
            problem(missing, "is not set, but " + (email.isPresent() ? "SUTAZAI_ADMIN_EMAIL" : "SUTAZAI_ADMIN_PASSWORD")
                    + " is", "set both to create the first admin, or neither");
        }
        format("SUTAZAI_ADMIN_EMAIL", value -> EMAIL.matcher(value).matches(), "it must be an e-mail address",
                "e.g. SUTAZAI_ADMIN_EMAIL=admin@example.org");
        password.ifPresent(value -> {
            if (value.codePointCount(0, value.length()) < MIN_ADMIN_PASSWORD_LENGTH || isPlaceholder(value)) {
                problem("SUTAZAI_ADMIN_PASSWORD", "is too short or a well-known placeholder",
                        "use at least " + MIN_ADMIN_PASSWORD_LENGTH + " characters, e.g. from: openssl rand -base64 18");
            }
        });
        return this;
    }

    /** The gateway's edge: {@code TRUSTED_PROXIES} (IPs or CIDRs) and {@code CORS_ORIGINS} (exact origins, never {@code *}). */
    public ConfigCheck edge() {
        format("TRUSTED_PROXIES", value -> List.of(value.split(",")).stream().map(String::strip)
                .allMatch(ConfigCheck::isCidr), "it must be a comma-separated list of IP addresses or CIDRs",
                "e.g. TRUSTED_PROXIES=10.0.0.0/8,172.16.0.0/12 (the networks Kong reaches the gateway from)");
        return format("CORS_ORIGINS", value -> List.of(value.split(",")).stream().map(String::strip)
                .allMatch(origin -> !origin.contains("*") && isHttpUrl(origin)),
                "it must be a comma-separated list of exact origins; \"*\" is refused because credentials are allowed",
                "e.g. CORS_ORIGINS=https://ui.example.org,http://localhost:3000");
    }

    /** The static addresses of the services this one calls, used while Consul is off. */
    public ConfigCheck calls(String... services) {
        for (String service : services) {
            format(ServiceAddresses.variable(service), ConfigCheck::isAddressList,
                    "it must be a comma-separated list of host:port",
                    "e.g. " + ServiceAddresses.variable(service) + "=" + ServiceAddresses.local(service));
        }
        return this;
    }

    /** An optional setting that must be one of {@code allowed} when present. */
    public ConfigCheck oneOf(String name, String... allowed) {
        List<String> values = List.of(allowed);
        return format(name, values::contains, "it must be one of " + String.join(", ", values),
                "e.g. " + name + "=" + values.get(0) + ", or leave it unset");
    }

    /** An optional true/false switch. */
    public ConfigCheck bool(String name) {
        return format(name, value -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"),
                "it must be true or false", "e.g. " + name + "=false");
    }

    /** A secret of at least 32 bytes of raw UTF-8 text that is no well-known placeholder. */
    public ConfigCheck secret(String name) {
        var value = settings.get(name);
        if (value.isEmpty()) {
            return problem(name, "is not set", GENERATE_SECRET + " and put it in .env or the environment");
        }
        String secret = value.get();
        if (isPlaceholder(secret)) {
            return problem(name, "is the placeholder \"" + secret + "\", which anyone can guess",
                    "replace it with a random value; " + GENERATE_SECRET);
        }
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_SECRET_BYTES) {
            return problem(name, "is " + bytes + " bytes; it must be at least " + MIN_SECRET_BYTES + " bytes",
                    GENERATE_SECRET);
        }
        if (secret.chars().distinct().count() < MIN_DISTINCT_SECRET_CHARS) {
            return problem(name, "repeats too few characters to be random", GENERATE_SECRET);
        }
        return this;
    }

    /** A setting that must be present; {@code fix} says where its value comes from. */
    public ConfigCheck required(String name, String fix) {
        if (settings.get(name).isEmpty()) {
            problem(name, "is not set", fix);
        }
        return this;
    }

    /** A setting that must be present while {@code other} is set to {@code value} (case-insensitively). */
    public ConfigCheck requiredWhen(String name, String other, String value, String fix) {
        if (settings.get(other).filter(value::equalsIgnoreCase).isPresent()) {
            required(name, "with " + other + "=" + value + ", " + fix);
        }
        return this;
    }

    /**
     * An optional file that must be readable and pass {@code validate}, which says what is wrong with
     * it, if anything; {@code fix} says how to mend it.
     */
    public ConfigCheck file(String name, Function<Path, Optional<String>> validate, String fix) {
        settings.get(name).ifPresent(value -> {
            Path path = Path.of(value);
            if (!Files.isReadable(path)) {
                problem(name, "is \"" + value + "\", which is not a readable file", fix);
                return;
            }
            validate.apply(path).ifPresent(problem -> problem(name, "(" + value + ") " + problem, fix));
        });
        return this;
    }

    /** An optional TCP port number. */
    public ConfigCheck port(String name) {
        return format(name, ConfigCheck::isPort, "it must be a port number from 1 to 65535",
                "set it to the port the server listens on, e.g. " + name + "=" + examplePort(name));
    }

    /** An optional host name or IP address (not a URL). */
    public ConfigCheck host(String name) {
        return format(name, value -> HOST.matcher(value).matches(),
                "it must be a host name or IP address, without scheme or port", "e.g. " + name + "=localhost");
    }

    /** An optional absolute http(s) URL. */
    public ConfigCheck httpUrl(String name) {
        return format(name, ConfigCheck::isHttpUrl, "it must be an absolute http:// or https:// URL with a host",
                "e.g. " + name + "=http://localhost:4317, or leave it unset");
    }

    /** An optional duration, ISO-8601 ({@code PT15M}) or the short form Quarkus accepts ({@code 15s}). */
    public ConfigCheck duration(String name) {
        return format(name, ConfigCheck::isDuration, "it must be a duration",
                "use ISO-8601 such as PT30S or PT15M (or 30s, 15m)");
    }

    // An optional setting that, when present, must satisfy {@code valid}.
    private ConfigCheck format(String name, Predicate<String> valid, String requirement, String fix) {
        settings.get(name).filter(valid.negate())
                .ifPresent(value -> problem(name, "is \"" + value + "\"; " + requirement, fix));
        return this;
    }

    private ConfigCheck problem(String name, String problem, String fix) {
        problems.add(new ConfigProblem(name, problem, fix));
        return this;
    }

    static boolean isPlaceholder(String secret) {
        String normalized = secret.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return PLACEHOLDER_SECRETS.contains(normalized)
                || PLACEHOLDER_FRAGMENTS.stream().anyMatch(normalized::contains);
    }

    private static boolean isPort(String value) {
        try {
            int port = Integer.parseInt(value);
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isCidr(String value) {
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        boolean v4 = address.matches("(\\d{1,3})(\\.\\d{1,3}){3}")
                && List.of(address.split("\\.")).stream().allMatch(part -> Integer.parseInt(part) <= 255);
        boolean v6 = address.contains(":") && address.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String bits = value.substring(slash + 1);
        return bits.matches("\\d{1,3}") && Integer.parseInt(bits) <= (v4 ? 32 : 128);
    }

    private static boolean isAddressList(String value) {
        for (String address : value.split(",")) {
            int colon = address.strip().lastIndexOf(':');
            if (colon <= 0 || !HOST.matcher(address.strip().substring(0, colon)).matches()
                    || !isPort(address.strip().substring(colon + 1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isDuration(String value) {
        if (SHORT_DURATION.matcher(value).matches()) {
            return true;
        }
        try {
            Duration.parse(value.toUpperCase(Locale.ROOT));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String examplePort(String name) {
        return name.startsWith("REDIS") ? "6379" : name.startsWith("POSTGRES") ? "5432" : "8500";
    }
}
