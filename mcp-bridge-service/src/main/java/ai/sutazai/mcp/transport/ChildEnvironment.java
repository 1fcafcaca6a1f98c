package ai.sutazai.mcp.transport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment a stdio server starts with: an allow-list of the service's own variables (so
 * secrets such as {@code JWT_SECRET} or {@code POSTGRES_PASSWORD} never reach a child) plus the
 * entry's {@code env}.
 */
public final class ChildEnvironment {

    private static final Set<String> ALLOWED = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG",
            "LANGUAGE", "TERM", "TZ", "TMPDIR", "TEMP", "TMP", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
            "XDG_DATA_HOME", "XDG_RUNTIME_DIR", "SYSTEMROOT", "COMSPEC", "PATHEXT", "APPDATA", "LOCALAPPDATA",
            "PROGRAMDATA", "USERPROFILE", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
            "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR");
    private static final Set<String> ALLOWED_PREFIXES = Set.of("LC_", "NODE_", "NPM_CONFIG_", "npm_config_",
            "PYTHON", "UV_", "JAVA_HOME");

    private ChildEnvironment() {
    }

    /** The child's variables from the parent's {@code parent} and the entry's {@code extra}. */
    public static Map<String, String> of(Map<String, String> parent, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        parent.forEach((name, value) -> {
            if (isAllowed(name)) {
                env.put(name, value);
            }
        });
        env.putAll(extra);
        return env;
    }

    static boolean isAllowed(String name) {
        return ALLOWED.contains(name) || ALLOWED_PREFIXES.stream().anyMatch(name::startsWith);
    }
}
