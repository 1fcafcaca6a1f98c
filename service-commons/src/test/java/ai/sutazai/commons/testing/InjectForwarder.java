package ai.sutazai.commons.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects one of {@link DependencyOutageResource}'s forwarders into a test field. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectForwarder {

    /** Which dependency: {@code postgres} or {@code redis}. */
    String value();
}
