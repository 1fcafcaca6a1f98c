package ai.sutazai.memory.search;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID D = UUID.fromString("00000000-0000-0000-0000-00000000000d");

    @Test
    void fusesByReciprocalRanksWithTiesToTheSmallerId() {
        // keyword: A, B, C; semantic: C, A, D. With k = 60, by hand:
        //   A = 1/61 + 1/62 = 0.0325215...   C = 1/63 + 1/61 = 0.0322661...
        //   B = 1/62        = 0.0161290...   D = 1/63        = 0.0158730...
        var fused = ReciprocalRankFusion.fuse(
                List.of(new Ranked(A, 0.9), new Ranked(B, 0.5), new Ranked(C, 0.1)),
                List.of(new Ranked(C, 0.8), new Ranked(A, 0.7), new Ranked(D, 0.6)), 60);
        assertThat(fused.stream().map(ReciprocalRankFusion.Fused::id).toList(), contains(A, C, B, D));
        assertThat(fused.get(0).score(), closeTo(1.0 / 61 + 1.0 / 62, 1e-15));
        assertThat(fused.get(1).score(), closeTo(1.0 / 63 + 1.0 / 61, 1e-15));
        assertThat(fused.get(2).score(), closeTo(1.0 / 62, 1e-15));
        assertThat(fused.get(3).semanticRank(), is(3));
        assertThat(fused.get(3).keywordRank(), nullValue());
        assertThat(fused.get(1).keywordScore(), closeTo(0.1, 1e-15));
        assertThat(fused.get(1).semanticScore(), closeTo(0.8, 1e-15));

        // Equal fused scores (each first in one list): the smaller id first.
        var tied = ReciprocalRankFusion.fuse(List.of(new Ranked(D, 1)), List.of(new Ranked(B, 1)), 60);
        assertThat(tied.stream().map(ReciprocalRankFusion.Fused::id).toList(), contains(B, D));
    }
}
