package ai.sutazai.health.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** How the status page writes instants for readers: to the second, in UTC ({@code {since.utc}} in the template). */
@TemplateExtension
final class PageFormats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private PageFormats() {
    }

    static String utc(Instant instant) {
        return UTC.format(instant);
    }
}
