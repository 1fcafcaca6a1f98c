package ai.sutazai.health.notify;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * Posts notifications to {@code NOTIFY_WEBHOOK_URL} one at a time, in the order they came, from a
 * bounded queue: {@link #offer} only enqueues, so neither the probe loop nor Alertmanager's webhook
 * ever waits for the receiver. A failed attempt (5xx, 408, 429, no connection) is retried with
 * exponential backoff up to {@link NotifyConfig#maxAttempts()}; an event already sent or queued is
 * never queued again.
 */
@ApplicationScoped
class WebhookSender {

    // Event ids remembered against a second send; far more than the queue holds.
    private static final int REMEMBERED_IDS = 10_000;

    private final NotifyConfig config;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private final WebClient client;
    private final String target;
    private final Counter failed;
    private final Counter dropped;
    private final Deque<Notification> queue = new ArrayDeque<>();
    private final Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private boolean sending;
    private boolean overflowing;

    WebhookSender(NotifyConfig config, MeterRegistry registry, Vertx vertx) {
        this.config = config;
        this.registry = registry;
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) config.timeout().toMillis())
                .setFollowRedirects(false).setName("health-notifications"));
        this.target = config.webhookUrl().map(WebhookSender::withoutUserInfo).orElse(null);
        this.failed = Counter.builder("health.notifications.failed")
                .description("Notifications given up on after their last attempt").register(registry);
        this.dropped = Counter.builder("health.notifications.dropped")
                .description("Notifications dropped unsent because the queue was full").register(registry);
    }

    // Created at start, so a bad URL stops the service then rather than on the first notification.
    void start(@Observes StartupEvent event) {
        if (target != null) {
            Log.infof("Incidents of critical components and new firing alerts are posted to %s", target);
        }
    }

    /** Queues a notification unless its event was queued before; does nothing without a webhook URL. */
    synchronized void offer(Notification notification) {
        if (target == null || seen.putIfAbsent(notification.id(), Boolean.TRUE) != null) {
            return;
        }
        if (queue.size() >= config.queueCapacity()) {
            queue.pollFirst();
            dropped.increment();
            if (!overflowing) {
                overflowing = true;
                Log.warnf("The notification queue is full (%d): the oldest are dropped until %s takes them "
                        + "(counted in health_notifications_dropped_total)", config.queueCapacity(), target);
            }
        }
        queue.addLast(notification);
        if (!sending) {
            sending = true;
            vertx.runOnContext(this::sendNext);
        }
    }

    private void sendNext() {
        Notification next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                sending = false;
                overflowing = false;
                return;
            }
        }
        attempt(next, 1);
    }

    private void attempt(Notification notification, int attempt) {
        client.postAbs(config.webhookUrl().orElseThrow()).timeout(config.timeout().toMillis())
                .sendJsonObject(new JsonObject(notification.body()))
                .subscribe().with(response -> {
                    int status = response.statusCode();
                    if (status / 100 == 2) {
                        Counter.builder("health.notifications.sent").description("Notifications the webhook took")
                                .tag("kind", notification.kind()).register(registry).increment();
                        sendNext();
                    } else {
                        retryOrGiveUp(notification, attempt, retryable(status), "answered " + status);
                    }
                }, failure -> retryOrGiveUp(notification, attempt, true, failure.getMessage() == null
                        ? failure.getClass().getSimpleName() : failure.getMessage()));
    }

    private void retryOrGiveUp(Notification notification, int attempt, boolean retryable, String why) {
        if (retryable && attempt < config.maxAttempts()) {
            Log.debugf("Notification %s not taken by %s (%s): attempt %d of %d", notification.id(), target, why,
                    attempt, config.maxAttempts());
            vertx.setTimer(backoff(attempt).toMillis(), ignored -> attempt(notification, attempt + 1));
            return;
        }
        failed.increment();
        Log.warnf("Notification %s not delivered to %s after %d attempt(s): %s", notification.id(), target, attempt,
                why);
        sendNext();
    }

    // The receiver is overloaded or restarting: worth another try. Other 4xx answers will not change.
    private static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    // firstBackoff, doubled per retry, at most maxBackoff.
    Duration backoff(int attempt) {
        Duration wait = config.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    // The URL may carry credentials; logs name the receiver without them.
    private static String withoutUserInfo(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("NOTIFY_WEBHOOK_URL is not a URL: " + e.getMessage(), e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalStateException("NOTIFY_WEBHOOK_URL must be an absolute http or https URL");
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
