package ai.sutazai.mcp.aggregate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.sutazai.mcp.aggregate.ExposedNames.Upstream;

class ExposedNamesTest {

    private static final String VALID = "[a-zA-Z0-9_-]{1,64}";

    @Test
    void cleanNamesArePrefixedWithTheirServer() {
        Map<Upstream, String> names = ExposedNames.of(List.of(new Upstream("everything", "get-sum"),
                new Upstream("files", "read_text_file")));
        assertEquals(List.of("everything__get-sum", "files__read_text_file"), List.copyOf(names.values()));
    }

    @Test
    void namesOutsideThePatternAreSanitisedAndGetAStableHash() {
        Upstream dotted = new Upstream("github.enterprise", "repos.list");
        String name = ExposedNames.of(List.of(dotted)).get(dotted);
        assertThat(name, matchesPattern(VALID));
        assertThat(name, matchesPattern("github_enterprise__repos_list_[0-9a-f]{8}"));
        assertEquals(name, ExposedNames.of(List.of(new Upstream("a", "b"), dotted)).get(dotted),
                "the same upstream gets the same name whatever else is offered");
    }

    @Test
    void overlongNamesAreCutAndHashed() {
        Upstream upstream = new Upstream("a-server-with-a-rather-long-name", "and-a-tool-whose-name-goes-on-and-on");
        String name = ExposedNames.of(List.of(upstream)).get(upstream);
        assertEquals(64, name.length());
        assertThat(name, matchesPattern(VALID));
        assertThat(name, startsWith("a-server-with-a-rather-long-name__and-a-tool-whose-name"));
    }

    @Test
    void collidingNamesAreAllToldApart() {
        Upstream first = new Upstream("a__b", "c");
        Upstream second = new Upstream("a", "b__c");
        Upstream dotted = new Upstream("x", "y.z");
        Upstream underscored = new Upstream("x", "y_z");
        Map<Upstream, String> names = ExposedNames.of(List.of(first, second, dotted, underscored));
        assertNotEquals(names.get(first), names.get(second));
        assertThat(names.get(first), matchesPattern("a__b__c_[0-9a-f]{8}"));
        assertEquals("x__y_z", names.get(underscored), "a clean name keeps its plain form");
        assertThat(names.get(dotted), matchesPattern("x__y_z_[0-9a-f]{8}"));
        assertEquals(4, names.values().stream().distinct().count());
    }
}
