package ai.sutazai.commons.paging;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * The paging parameters of every list (ARCHITECTURE §4): {@code limit}, 50 by default and at most
 * 500, and the {@code cursor} of the page before. Take it as {@code @BeanParam @Valid PageQuery}.
 */
public class PageQuery {

    @QueryParam("limit")
    @DefaultValue("50")
    @Min(1)
    @Max(500)
    int limit;

    @QueryParam("cursor")
    String cursor;

    /** How many items the page may hold. */
    public int limit() {
        return limit;
    }

    /** Where the page starts; null for the first. */
    public String cursor() {
        return cursor;
    }
}
