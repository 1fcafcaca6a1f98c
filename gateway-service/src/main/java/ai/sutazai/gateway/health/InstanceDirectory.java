package ai.sutazai.gateway.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceInstance;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.ServiceEntry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.consul.ConsulClient;

import ai.sutazai.commons.discovery.ConsulSettings;

/**
 * Every instance of a service, healthy or not. With Consul that is every registered instance
 * ({@code /v1/health/service/<name>} without {@code passing}, since Stork only returns passing
 * ones and a degraded service would look healthy); without, every configured static address.
 */
@ApplicationScoped
public class InstanceDirectory {

    private final ConsulSettings consul;
    private final ConsulClient client;

    public InstanceDirectory(ConsulSettings consul, Vertx vertx) {
        this.consul = consul;
        this.client = consul.enabled()
                ? ConsulClient.create(vertx, new ConsulClientOptions().setHost(consul.host()).setPort(consul.port()))
                : null;
    }

    /** {@code host:port} of every instance of {@code service}. */
    public Uni<List<String>> instances(String service) {
        if (consul.enabled()) {
            return client.healthServiceNodes(service, false)
                    .map(entries -> entries.getList().stream().map(InstanceDirectory::address).toList());
        }
        return Stork.getInstance().getService(service).getInstances()
                .map(instances -> instances.stream().map(InstanceDirectory::address).toList());
    }

    private static String address(ServiceEntry entry) {
        String host = entry.getService().getAddress();
        if (host == null || host.isBlank()) {
            host = entry.getNode().getAddress();
        }
        return host + ":" + entry.getService().getPort();
    }

    private static String address(ServiceInstance instance) {
        return instance.getHost() + ":" + instance.getPort();
    }
}
