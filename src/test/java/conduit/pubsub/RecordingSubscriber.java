package conduit.pubsub;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Subscribes to {@value #CHANNEL} for the package's own tests: records each payload with the application name of
 * the connection it was handed, so a test sees both what arrived and that it was read on the listener's own
 * connection.
 */
@Singleton
@Requires(env = Environment.TEST)
final class RecordingSubscriber implements Subscriber {

    static final String CHANNEL = "conduit_test";

    record Received(String payload, String connectionName) {
    }

    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void receive(String payload, Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
             var row = statement.executeQuery("SELECT current_setting('application_name')")) {
            row.next();
            received.add(new Received(payload, row.getString(1)));
        }
    }
}
