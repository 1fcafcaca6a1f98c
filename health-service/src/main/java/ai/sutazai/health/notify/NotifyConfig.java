package ai.sutazai.health.notify;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where incidents and new alerts are posted ({@code NOTIFY_WEBHOOK_URL}), and how hard delivery tries. */
@ConfigMapping(prefix = "health.notify")
public interface NotifyConfig {

    /** The receiver's URL; unset, nothing is posted. */
    Optional<String> webhookUrl();

    /** Notifications waiting for delivery; when full, the oldest is dropped. */
    @WithDefault("1000")
    int queueCapacity();

    /** Attempts per notification, the first included, on 5xx, 408, 429 and connection errors. */
    @WithDefault("5")
    int maxAttempts();

    /** The wait before the first retry; it doubles with each retry up to {@link #maxBackoff()}. */
    @WithDefault("PT1S")
    Duration firstBackoff();

    @WithDefault("PT30S")
    Duration maxBackoff();

    /** How long one attempt may take. */
    @WithDefault("PT10S")
    Duration timeout();
}
