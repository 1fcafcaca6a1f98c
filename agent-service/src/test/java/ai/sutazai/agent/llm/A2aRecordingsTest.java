package ai.sutazai.agent.llm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.registry.A2aEndpoint;
import ai.sutazai.agent.registry.AgentCards;
import ai.sutazai.agent.testing.A2aRemote;
import ai.sutazai.commons.problem.ProblemException;
import ai.sutazai.commons.problem.ProblemType;

/**
 * Every recorded A2A answer read as chat would read it, without a server in between: both
 * versions' cards, streams and whole answers, and the v0.3 layer of SDK 1.3.0 beside the v0.3-era
 * server's. Plain JUnit: no Quarkus, so each shape is checked in milliseconds.
 */
class A2aRecordingsTest {

    private static final Endpoint REMOTE = new Endpoint("http://remote/a2a", null, "the A2A server of agent t");
    private static final A2aEndpoint V1 = new A2aEndpoint("http://remote/a2a", "1.0", true);
    private static final A2aEndpoint V03 = new A2aEndpoint("http://remote/a2a", "0.3.0", true);

    @Test
    void theV1CardIsReadByItsSupportedInterfacesAndTheV03CardByItsTopLevelUrl() {
        AgentCards.Card v1 = card("v1/agent-card.json");
        assertThat(v1.name(), is("Fixed agent"));
        assertThat(v1.description(), is("Answers every question with the same recorded text."));
        assertThat(v1.endpoint(), is(new A2aEndpoint("http://127.0.0.1:41241/a2a/jsonrpc", "1.0", true)));
        assertThat(v1.skills().stream().map(AgentCards.Skill::id).toList(), contains("geography", "small_talk"));
        assertThat(v1.skills().get(0).tags(), contains("geography", "facts"));

        AgentCards.Card v03 = card("v03/agent-card.json");
        assertThat(v03.endpoint(), is(new A2aEndpoint("http://127.0.0.1:41242/a2a/jsonrpc", "0.3.0", true)));
        assertThat(v03.skills().get(1).tags(), contains("chat"));
        // The v0.3 view of a v1.0 server keeps the v1.0 interfaces: they win over its top-level url.
        assertThat(card("v1/agent-card-v03-view.json").endpoint().protocolVersion(), is("1.0"));
    }

    @Test
    void aCardWithoutAJsonRpcInterfaceOrWithoutAnyIsUnprocessable() {
        JsonObject rest = new JsonObject(A2aRemote.read("v1/agent-card.json"));
        rest.getJsonArray("supportedInterfaces").forEach(i -> ((JsonObject) i).put("protocolBinding", "HTTP+JSON"));
        ProblemException noJsonRpc = assertThrows(ProblemException.class,
                () -> A2aCards.parse(rest, "http://remote/.well-known/agent-card.json", "The card"));
        assertThat(noJsonRpc.type(), is(ProblemType.UNPROCESSABLE));
        assertThat(noJsonRpc.getMessage(), is("The card offers no JSON-RPC interface of A2A 0.x or 1.x (it offers "
                + "[HTTP+JSON 1.0, HTTP+JSON 0.3])."));

        JsonObject future = new JsonObject(A2aRemote.read("v1/agent-card.json"));
        future.getJsonArray("supportedInterfaces").forEach(i -> ((JsonObject) i).put("protocolVersion", "2.0"));
        assertThat(assertThrows(ProblemException.class, () -> A2aCards.parse(future, "http://remote/", "The card"))
                .getMessage(), containsString("offers no JSON-RPC interface"));

        assertThat(assertThrows(ProblemException.class, () -> A2aCards.parse(new JsonObject().put("name", "x"),
                "http://remote/", "The card")).getMessage(), is("The card is not an agent card: it has neither "
                        + "supportedInterfaces (v1.0) nor a url (v0.3)."));
        assertThat(assertThrows(ProblemException.class, () -> A2aCards.parse(new JsonObject().put("name", 7),
                "http://remote/", "The card")).getMessage(), containsString("is not an agent card"));
    }

    @Test
    void aRelativeInterfaceUrlIsReadAgainstTheCardsOwnUrl() {
        JsonObject card = new JsonObject(A2aRemote.read("v03/agent-card.json")).put("url", "/rpc")
                .put("additionalInterfaces", new JsonArray());
        assertThat(A2aCards.parse(card, "https://agents.example/x/.well-known/agent-card.json", "The card")
                .endpoint().rpcUrl(), is("https://agents.example/rpc"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "v1/stream-completed", "v03/stream-completed", "v03/sdk13-stream-completed" })
    void aStreamedTaskAnswersWithItsArtifactChunksAsTheyCome(String recording) {
        List<ChatEvent> events = stream(recording.startsWith("v1") ? V1 : V03, recording + ".response.sse");
        assertThat(events, contains(new ChatEvent.Token("Paris is"), new ChatEvent.Token(" the capital"),
                new ChatEvent.Token(" of France."), new ChatEvent.Done("stop", Usage.NONE)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "v1/send-completed", "v03/send-completed", "v03/sdk13-send-completed" })
    void aWholeTaskAnswersWithItsArtifactText(String recording) {
        List<ChatEvent> events = whole(recording.startsWith("v1") ? V1 : V03, recording + ".response.json");
        assertThat(text(events), is(A2aRemote.ANSWER));
        assertThat(events.get(events.size() - 1), is(new ChatEvent.Done("stop", Usage.NONE)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "v1", "v03" })
    void aMessageIsTheWholeAnswerAndAQuestionEndsItAsInputRequired(String version) {
        A2aEndpoint endpoint = version.equals("v1") ? V1 : V03;
        for (List<ChatEvent> events : List.of(stream(endpoint, version + "/stream-message.response.sse"),
                whole(endpoint, version + "/send-message.response.json"))) {
            assertThat(events, contains(new ChatEvent.Token("Hello! I am the fixed agent."),
                    new ChatEvent.Done("stop", Usage.NONE)));
        }
        for (List<ChatEvent> events : List.of(stream(endpoint, version + "/stream-input-required.response.sse"),
                whole(endpoint, version + "/send-input-required.response.json"))) {
            assertThat(events, contains(new ChatEvent.Token("Which city do you mean?"),
                    new ChatEvent.Done("input-required", Usage.NONE)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "v1/stream-failed.response.sse", "v03/stream-failed.response.sse",
        "v1/send-failed.response.json", "v03/send-failed.response.json" })
    void aFailedTaskFailsWithTheAgentsReason(String recording) {
        A2aEndpoint endpoint = recording.startsWith("v1") ? V1 : V03;
        LlmFailure failure = assertThrows(LlmFailure.class, () -> {
            if (recording.endsWith(".sse")) {
                stream(endpoint, recording);
            } else {
                whole(endpoint, recording);
            }
        });
        assertThat(failure.type(), is(ProblemType.BAD_GATEWAY));
        assertThat(failure.getMessage(), is("The A2A server of agent t reports the task failed: The fixed agent "
                + "failed on purpose."));
    }

    @ParameterizedTest
    @ValueSource(strings = { "v1/error-method-not-found", "v03/error-method-not-found", "v1/error-task-not-found",
        "v03/error-invalid-params" })
    void aJsonRpcErrorFailsNamingItsCode(String recording) {
        LlmFailure failure = assertThrows(LlmFailure.class,
                () -> whole(recording.startsWith("v1") ? V1 : V03, recording + ".response.json"));
        JsonObject error = new JsonObject(A2aRemote.read(recording + ".response.json")).getJsonObject("error");
        assertThat(failure.getMessage(), containsString("answered with JSON-RPC error " + error.getInteger("code") + " ("));
        assertThat(failure.getMessage(), containsString(error.getString("message")));
    }

    @Test
    void bothVersionsStatesAndPartsReadAlike() {
        assertThat(A2aDialect.state("TASK_STATE_INPUT_REQUIRED"), is("input-required"));
        assertThat(A2aDialect.state("input-required"), is("input-required"));
        assertThat(A2aDialect.state("TASK_STATE_CANCELED"), is("canceled"));
        assertThat(A2aDialect.text(new JsonArray().add(new JsonObject().put("kind", "text")
                .put("text", "a")).add(new JsonObject().put("text", "b")).add(new JsonObject().put("data",
                        new JsonObject().put("n", 1)))), is("ab{\"n\":1}"));
    }

    @Test
    void aStreamThatEndsBeforeTheTaskDoesIsCutShort() {
        ChatDialect.Parser parser = new A2aDialect(V1).parser(REMOTE);
        String[] events = A2aRemote.read("v1/stream-completed.response.sse").split("\n\n");
        parser.accept(events[0].substring("data: ".length()));
        parser.accept(events[1].substring("data: ".length()));
        LlmFailure cut = assertThrows(LlmFailure.class, parser::end);
        assertThat(cut.getMessage(), is("The A2A server of agent t ended its answer while the task was still working."));
    }

    private static AgentCards.Card card(String file) {
        return A2aCards.parse(new JsonObject(A2aRemote.read(file)), "http://remote/.well-known/agent-card.json",
                "The card");
    }

    // The data of each recorded event through one parser, then its end, as a streamed answer.
    private static List<ChatEvent> stream(A2aEndpoint endpoint, String file) {
        ChatDialect.Parser parser = new A2aDialect(endpoint).parser(REMOTE);
        List<ChatEvent> events = new ArrayList<>();
        Arrays.stream(A2aRemote.read(file).split("\n\n")).map(String::strip).filter(event -> !event.isEmpty())
                .forEach(event -> events.addAll(parser.accept(event.substring("data:".length()).strip())));
        events.addAll(parser.end());
        return events;
    }

    private static List<ChatEvent> whole(A2aEndpoint endpoint, String file) {
        ChatDialect.Parser parser = new A2aDialect(endpoint).parser(REMOTE);
        List<ChatEvent> events = new ArrayList<>(parser.accept(A2aRemote.read(file)));
        events.addAll(parser.end());
        return events;
    }

    private static String text(List<ChatEvent> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(ChatEvent.Token.class::isInstance).map(ChatEvent.Token.class::cast)
                .forEach(token -> text.append(token.content()));
        return text.toString();
    }
}
