package ai.sutazai.memory;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import ai.sutazai.commons.testing.InjectForwarder;
import ai.sutazai.commons.testing.TcpForwarder;

/**
 * Routes memory-service's Redis through a forwarder (open from the start), so a test can make
 * Redis vanish mid-test and come back. Fields annotated {@code @InjectForwarder("redis")} get it.
 */
public class RedisForwarderResource implements QuarkusTestResourceLifecycleManager {

    private final TcpForwarder redis = new TcpForwarder("127.0.0.1", 6379);

    @Override
    public Map<String, String> start() {
        redis.open();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + redis.port());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(redis, field -> field.getAnnotation(InjectForwarder.class) != null
                && field.getAnnotation(InjectForwarder.class).value().equals("redis"));
    }

    @Override
    public void stop() {
        redis.close();
    }
}
