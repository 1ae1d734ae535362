package conduit.pubsub;

import conduit.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Behind PgBouncer in transaction mode the pool cannot LISTEN, so CONDUIT_PUBSUB_LISTEN_URL sends the listener to
 * PostgreSQL directly: here the same database under another URL, told apart by the application name it carries.
 */
@MicronautTest(transactional = false)
class ListenUrlTest extends ApiTestSupport {

    @Inject
    Publishing publishing;

    @Inject
    RecordingSubscriber subscriber;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        String url = properties.get("datasources.default.url");
        properties.put("conduit.pubsub.listen-url",
                url + (url.contains("?") ? "&" : "?") + "ApplicationName=conduit-direct-listener");
        return properties;
    }

    @Test
    void theListenerListensOnItsOwnUrl() throws InterruptedException {
        publishing.committed("through the pool, heard directly");

        var received = subscriber.received.poll(5, TimeUnit.SECONDS);
        assertNotNull(received, "the message did not arrive");
        assertEquals("through the pool, heard directly", received.payload());
        assertEquals("conduit-direct-listener", received.connectionName());
    }
}
