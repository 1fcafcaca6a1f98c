package ai.sutazai.agent.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import ai.sutazai.agent.registry.AgentRepository.SeedOutcome;
import ai.sutazai.agent.testing.Agents;
import ai.sutazai.agent.testing.StubbedBackends;
import ai.sutazai.commons.testing.TestTokens;

/**
 * A seed runs once per agent id: it creates the agent, follows a newer definition while nobody has
 * changed the agent, and never overwrites (or brings back) what an admin changed (or deleted).
 */
@QuarkusTest
@TestProfile(StubbedBackends.class)
class AgentSeedingTest {

    private static final String ID = "seed-probe";

    @Inject
    AgentRepository agents;

    @Inject
    Pool pool;

    @BeforeEach
    @AfterEach
    void remove() {
        Agents.remove(ID);
        Agents.remove("seed-admins-own");
        pool.preparedQuery("DELETE FROM agents.seeded WHERE agent_id = ANY($1)")
                .execute(Tuple.of(new String[] { ID, "seed-admins-own" })).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aSeededAgentFollowsNewerDefinitionsUntilAnAdminChangesIt() {
        assertThat(seed(definition("First prompt."), "digest-1"), is(SeedOutcome.CREATED));
        assertThat(seed(definition("First prompt."), "digest-1"), is(SeedOutcome.UNCHANGED));
        assertThat(seed(definition("Second prompt."), "digest-2"), is(SeedOutcome.UPDATED));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/" + ID).then().statusCode(200)
                .body("systemPrompt", is("Second prompt.")).body("origin", is("seed")).body("version", is(2));

        given().auth().oauth2(Agents.admin()).contentType(ContentType.JSON)
                .body("{\"name\":\"Mine\",\"kind\":\"llm\",\"systemPrompt\":\"The admin's prompt.\"}")
                .put("/api/v1/agents/" + ID).then().statusCode(200).body("origin", is("admin"));
        assertThat(seed(definition("Third prompt."), "digest-3"), is(SeedOutcome.KEPT_ADMINS));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/" + ID).then().statusCode(200)
                .body("systemPrompt", is("The admin's prompt.")).body("name", is("Mine"));
    }

    @Test
    void aSeededAgentAnAdminDeletedStaysDeleted() {
        assertThat(seed(definition("First prompt."), "digest-1"), is(SeedOutcome.CREATED));
        Agents.remove(ID);
        assertThat(seed(definition("Newer prompt."), "digest-2"), is(SeedOutcome.KEPT_ADMINS));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/" + ID).then().statusCode(404);
    }

    @Test
    void aSeedNeverTakesTheIdOfAnAgentAnAdminCreated() {
        Agents.persona("seed-admins-own", "tinyllama", "Created by an admin.");
        Agent seeded = AgentRegistry.toAgent(new AgentDefinition("seed-admins-own", "Seeded", null, AgentKind.LLM,
                null, null, "Seeded prompt.", null, null, null, null, null), Agent.ORIGIN_SEED);
        assertThat(agents.seed(seeded, "digest-x").await().atMost(Duration.ofSeconds(10)), is(SeedOutcome.KEPT_ADMINS));
        given().auth().oauth2(TestTokens.user()).get("/api/v1/agents/seed-admins-own").then().statusCode(200)
                .body("systemPrompt", is("Created by an admin."));
    }

    private SeedOutcome seed(AgentDefinition definition, String digest) {
        return agents.seed(AgentRegistry.toAgent(definition, Agent.ORIGIN_SEED), digest).await()
                .atMost(Duration.ofSeconds(10));
    }

    private static AgentDefinition definition(String systemPrompt) {
        return new AgentDefinition(ID, "Seed probe", "Checks seeding.", AgentKind.LLM, List.of("testing"), null,
                systemPrompt, null, null, null, null, null);
    }
}
