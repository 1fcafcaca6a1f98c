package ai.sutazai.commons.testing;

import java.lang.reflect.Field;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a service's PostgreSQL and Redis at local ports where nothing listens yet. Tests open
 * and close the {@link TcpForwarder}s to make the real servers appear and vanish.
 */
public class DependencyOutageResource implements QuarkusTestResourceLifecycleManager {

    private final TcpForwarder postgres = new TcpForwarder("127.0.0.1", 5432);
    private final TcpForwarder redis = new TcpForwarder("127.0.0.1", 6379);

    @Override
    public Map<String, String> start() {
        String database = "127.0.0.1:" + postgres.port() + "/sutazai_test";
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + database,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + database,
                "quarkus.redis.hosts", "redis://127.0.0.1:" + redis.port());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(postgres, field -> matches(field, "postgres"));
        testInjector.injectIntoFields(redis, field -> matches(field, "redis"));
    }

    @Override
    public void stop() {
        postgres.close();
        redis.close();
    }

    private static boolean matches(Field field, String dependency) {
        InjectForwarder annotation = field.getAnnotation(InjectForwarder.class);
        return annotation != null && annotation.value().equals(dependency);
    }
}
