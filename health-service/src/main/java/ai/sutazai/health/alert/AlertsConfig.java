package ai.sutazai.health.alert;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the Alertmanager receiver. */
@ConfigMapping(prefix = "health.alerts")
public interface AlertsConfig {

    /** The bearer token Alertmanager sends ({@code ALERTMANAGER_WEBHOOK_TOKEN}); unset, the webhook is off. */
    Optional<String> webhookToken();

    /** Labels whose value may name a probed component; an alert is shown with each component they name. */
    @WithDefault("component,service,job")
    List<String> componentLabels();
}
