package ai.sutazai.health.page;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The status page's arithmetic: durations for readers, and the 24 cells of an uptime bar. */
class StatusPageServiceTest {

    @Test
    void durationsReadAsTheTwoLargestUnits() {
        assertThat(StatusPageService.duration(Duration.ofSeconds(40)), is("under a minute"));
        assertThat(StatusPageService.duration(Duration.ofMinutes(5)), is("5 min"));
        assertThat(StatusPageService.duration(Duration.ofMinutes(125)), is("2 h 5 min"));
        assertThat(StatusPageService.duration(Duration.ofHours(51)), is("2 d 3 h"));
    }

    @Test
    void hoursWithoutStoredChecksAreNoDataCells() {
        List<UptimeCell> cells = StatusPageService.cells(Instant.parse("2026-12-03T00:00:00Z"), List.of());

        assertThat(cells.size(), is(24));
        assertThat(cells.get(0).percent(), nullValue());
        assertThat(cells.get(0).level(), is("none"));
        assertThat(cells.get(23).title(), is("2026-12-03 23:00 UTC: no data"));
    }

    @Test
    void theColourFollowsTheHoursUptime() {
        Instant hour = Instant.parse("2026-12-03T14:00:00Z");
        assertThat(new UptimeCell(hour, 100.0).level(), is("full"));
        assertThat(new UptimeCell(hour, 97.0).level(), is("partial"));
        assertThat(new UptimeCell(hour, 50.0).level(), is("poor"));
        assertThat(new UptimeCell(hour, 97.25).title(), is("2026-12-03 14:00 UTC: 97.3 % up"));
    }
}
