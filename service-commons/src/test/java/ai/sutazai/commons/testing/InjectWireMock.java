package ai.sutazai.commons.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects the {@link WireMockServiceResource} playing the named service into a test field. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectWireMock {

    /** The service WireMock plays, e.g. {@code memory-service}. */
    String value();
}
