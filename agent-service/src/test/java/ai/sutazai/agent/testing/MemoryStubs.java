package ai.sutazai.agent.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

/** memory-service as WireMock plays it: its answers to agent-service's calls, recorded from the real service's API. */
public final class MemoryStubs {

    private static final String MESSAGES = "/api/v1/memory/conversations/[^/]+/messages";

    private MemoryStubs() {
    }

    /** A memory-service where every conversation is new, appends are stored, and nothing is recalled. */
    public static void healthy(WireMockServer memory) {
        memory.resetAll();
        memory.stubFor(get(urlPathMatching(MESSAGES)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"urn:sutazai:problem:not-found\",\"title\":\"Not found\",\"status\":404,"
                        + "\"detail\":\"You have no conversation with the id c1.\"}")));
        memory.stubFor(post(urlPathMatching(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"conversationId\":\"c1\",\"seq\":1,\"role\":\"user\",\"content\":\"stored\","
                        + "\"agentId\":null,\"metadata\":{},\"createdAt\":\"2026-12-01T10:00:00Z\"}")));
        memory.stubFor(post(urlPathEqualTo("/api/v1/memory/search")).willReturn(okJson(
                "{\"items\":[],\"nextCursor\":null,\"mode\":\"semantic\",\"vectorBackend\":\"exact\"}")));
    }

    /** A conversation whose history holds these messages (role, content pairs), oldest first. */
    public static void history(WireMockServer memory, String conversationId, String... roleContent) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < roleContent.length; i += 2) {
            if (items.length() > 0) {
                items.append(',');
            }
            items.append("{\"conversationId\":\"").append(conversationId).append("\",\"seq\":").append(i / 2 + 1)
                    .append(",\"role\":\"").append(roleContent[i]).append("\",\"content\":\"").append(roleContent[i + 1])
                    .append("\",\"agentId\":null,\"metadata\":{},\"createdAt\":\"2026-12-01T10:00:00Z\"}");
        }
        memory.stubFor(get(urlPathEqualTo("/api/v1/memory/conversations/" + conversationId + "/messages"))
                .willReturn(okJson("{\"items\":[" + items + "],\"nextCursor\":null}")));
    }

    /** A memory-service that is gone: every call has its connection reset. */
    public static void down(WireMockServer memory) {
        memory.resetAll();
        memory.stubFor(any(urlPathMatching("/api/v1/memory/.*"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    private static ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
