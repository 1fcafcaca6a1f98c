package ai.sutazai.memory.search;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.sutazai.memory.PgliteResource;

/** The search contract on a real pgvector (PGlite over the wire protocol): the HNSW backend. */
@QuarkusTest
@QuarkusTestResource(value = PgliteResource.class, restrictToAnnotatedClass = true)
class PgvectorSearchTest extends SearchContract {

    @Override
    String expectedBackend() {
        return "pgvector";
    }
}
