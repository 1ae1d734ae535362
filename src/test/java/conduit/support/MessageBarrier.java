package conduit.support;

import conduit.pubsub.Subscriber;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits until this instance's listener has handed out every message committed before the call: it sends a marker on a
 * channel of its own and waits for it. The listener dispatches in commit order on one thread, so once the marker is
 * here, every earlier message (the changes a copy listens for) has been handled.
 */
@Singleton
@Requires(env = Environment.TEST)
public final class MessageBarrier implements Subscriber {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @Override
    public String channel() {
        return "conduit_test_barrier";
    }

    @Override
    public void receive(String payload, Connection connection) {
        received.add(payload);
    }

    /** Sent again every half second: a marker sent while the listener is reconnecting never arrives. */
    public void pass() throws SQLException, InterruptedException {
        String marker = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            send(marker);
            long resend = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < resend) {
                if (marker.equals(received.poll(50, TimeUnit.MILLISECONDS))) {
                    received.clear();
                    return;
                }
            }
        }
        fail("the listener did not hand out a marker message within 10 s");
    }

    /** Ends the listener's database session from the server's side, as a failover or a network cut would. */
    public void cutTheListenersConnection() throws SQLException {
        try (Connection db = TestDatabase.connect(); var statement = db.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = 'conduit-listener' AND datname = current_database()");
        }
    }

    private void send(String marker) throws SQLException {
        try (Connection db = TestDatabase.connect(); var notify = db.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, channel());
            notify.setString(2, marker);
            notify.execute();
        }
    }
}
