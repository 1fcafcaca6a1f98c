package ai.sutazai.agent.task;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonObject;

import ai.sutazai.agent.testing.StubLlm;
import ai.sutazai.commons.testing.ServiceProcess;
import ai.sutazai.commons.testing.TcpForwarder;
import ai.sutazai.commons.testing.TestTokens;

/**
 * A replica that is stopped (SIGTERM, as an orchestrator does) while it runs tasks: it lets them
 * finish within the grace period, and hands back what is still running after it, so that no
 * task is lost and no attempt is spent. A second process, whose workers are off, is the client's view.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskShutdownIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final StubLlm llm = new StubLlm();
    private final int viewPort = TcpForwarder.freePort();
    private final String owner = TestTokens.user();
    private ServiceProcess view;

    @BeforeAll
    void startTheView(@TempDir Path directory) throws Exception {
        view = start(directory, viewPort, Map.of("AGENT_TASKS_WORKERS_ENABLED", "false"));
        for (String model : List.of("tinyllama", "stub-endless")) {
            JsonObject agent = new JsonObject().put("id", "shutdown-" + model + "-" + RUN).put("name", model)
                    .put("kind", "llm").put("model", model).put("maxConcurrency", 4);
            assertThat(send("POST", viewPort, "/api/v1/agents", TestTokens.user("admin"), agent).statusCode(), is(201));
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (String model : List.of("tinyllama", "stub-endless")) {
            send("DELETE", viewPort, "/api/v1/agents/shutdown-" + model + "-" + RUN, TestTokens.user("admin"), null);
        }
        view.close();
        llm.close();
    }

    private ServiceProcess start(Path directory, int port, Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>();
        for (String name : List.of("JWT_SECRET", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER",
                "POSTGRES_PASSWORD", "PATH")) {
            environment.put(name, System.getenv(name));
        }
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        environment.put("OLLAMA_BASE_URL", llm.url());
        environment.put("MEMORY_SERVICE_ADDRESSES", "127.0.0.1:" + TcpForwarder.freePort());
        environment.putAll(settings);
        ServiceProcess process = ServiceProcess.start(directory, environment);
        await().atMost(Duration.ofSeconds(60)).until(() -> ServiceProcess.status(port, "/q/health/ready") == 200);
        return process;
    }

    private static HttpResponse<String> send(String method, int port, String path, String token, JsonObject body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject task(String id) throws IOException, InterruptedException {
        return new JsonObject(send("GET", viewPort, "/api/v1/tasks/" + id, owner, null).body());
    }

    private String submit(String model) throws IOException, InterruptedException {
        HttpResponse<String> answer = send("POST", viewPort, "/api/v1/tasks", owner, new JsonObject()
                .put("agentId", "shutdown-" + model + "-" + RUN).put("input", "Say something"));
        assertThat(answer.body(), answer.statusCode(), is(202));
        return new JsonObject(answer.body()).getString("id");
    }

    @Test
    void aTaskRunningAtShutdownFinishesWithinTheGracePeriod(@TempDir Path directory) throws Exception {
        ServiceProcess worker = start(directory, TcpForwarder.freePort(), Map.of());
        String id = submit("tinyllama");
        await().atMost(Duration.ofSeconds(10)).until(() -> task(id).getString("state").equals("working"));
        worker.close();
        JsonObject finished = task(id);
        assertThat(finished.encode(), finished.getString("state"), is("completed"));
        assertThat(finished.getString("result", null) == null ? null
                : finished.getJsonObject("result").getString("text"), is("The sky looks blue because of Rayleigh scattering."));
        assertThat(finished.getInteger("attempts"), is(1));
        assertThat(worker.output(), org.hamcrest.Matchers.containsString("waiting up to 10 s for 1 running tasks"));
    }

    @Test
    void aTaskStillRunningAfterTheGraceIsHandedBackWithoutSpendingAnAttempt(@TempDir Path directory) throws Exception {
        ServiceProcess worker = start(directory, TcpForwarder.freePort(), Map.of("AGENT_TASKS_SHUTDOWN_GRACE", "1s"));
        String id = submit("stub-endless");
        await().atMost(Duration.ofSeconds(10)).until(() -> task(id).getString("state").equals("working"));
        worker.close();
        JsonObject handedBack = task(id);
        assertThat(handedBack.encode(), handedBack.getString("state"), is("submitted"));
        assertThat(handedBack.getInteger("attempts"), is(0));
        assertThat(worker.output(), org.hamcrest.Matchers.containsString("Handing 1 unfinished tasks back to the queue"));
        // Another replica would take it at once; here the view cancels it, as a client can.
        JsonObject canceled = new JsonObject(send("POST", viewPort, "/api/v1/tasks/" + id + "/cancel", owner, null).body());
        assertThat(canceled.getString("state"), is("canceled"));
        assertThat(List.of(handedBack.getJsonArray("attemptLog").size()), hasItem(0));
    }
}
