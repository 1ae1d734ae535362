package conduit.support;

import io.micronaut.test.support.TestPropertyProvider;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Base of the black-box API tests: the application runs on a real port against the run's own
 * PostgreSQL database, and tests talk to it only over HTTP (see {@link Api}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestSupport implements TestPropertyProvider {

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestDatabase.properties());
        // Fixed ports, chosen here: with two listeners (API and operations), EmbeddedServer.getPort() names whichever
        // bound first, so tests reach the API through Api.url() / Api.urlOf(context), which read this property.
        properties.put("micronaut.server.port", Integer.toString(freePort()));
        properties.put("endpoints.all.port", Integer.toString(freePort()));
        // Mail goes somewhere real by default: a GreenMail server shared by the run that keeps what it gets. A
        // test about mail brings its own Mailbox (its properties override these). Without one, every context
        // warned that SMTP is unset and every mail job died loudly, which made a green log look red.
        properties.putAll(Mailbox.shared().properties());
        properties.put("conduit.contact.owner-email", "owner@conduit.test");
        return properties;
    }

    /** A free port for one listener of one application context. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
