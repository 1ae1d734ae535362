package conduit.support;

import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/**
 * Base of the black-box API tests: the application runs on a real port against the run's own
 * PostgreSQL database, and tests talk to it only over HTTP (see {@link Api}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestSupport implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        return TestDatabase.properties();
    }
}
