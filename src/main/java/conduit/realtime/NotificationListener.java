package conduit.realtime;

import conduit.auth.SessionEvictions;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Each instance's one LISTEN connection to PostgreSQL, outside the pool (a pooled connection would
 * be held forever and LISTEN is per session). A daemon thread polls it and hands each notification
 * to {@link Fanout}, or, for ended sessions, to {@link SessionEvictions}. If the connection drops,
 * the thread reconnects with backoff; notifications sent
 * while it was away are lost (PostgreSQL does not queue them for absent listeners).
 */
@Context
final class NotificationListener {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    /** A silently dropped TCP connection never fails a poll; an idle connection is checked this often. */
    private static final Duration CHECK_IDLE = Duration.ofSeconds(30);

    private final String url;
    private final Properties credentials = new Properties();
    private final Fanout fanout;
    private final SessionEvictions sessions;
    private final Sockets sockets;
    private final Thread thread = new Thread(this::run, "conduit-event-listener");
    private volatile boolean running = true;

    NotificationListener(@Value("${datasources.default.url}") String url,
                         @Value("${datasources.default.username}") String user,
                         @Value("${datasources.default.password:}") String password, Fanout fanout,
                         SessionEvictions sessions, Sockets sockets) {
        this.url = url;
        this.fanout = fanout;
        this.sessions = sessions;
        this.sockets = sockets;
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("tcpKeepAlive", "true");
        credentials.setProperty("ApplicationName", "conduit-event-listener");
    }

    @PostConstruct
    void start() {
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(POLL_MILLIS * 4L);
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        boolean lost = false;
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, credentials)) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + Events.CHANNEL);
                    listen.execute("LISTEN " + SessionEvictions.CHANNEL);
                }
                if (lost) {
                    LOG.info("Event listener is listening again");
                }
                lost = false;
                retry = FIRST_RETRY;
                poll(connection);
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Event listener has no database connection ({}); retrying in {} ms. Events until then do not "
                        + "reach this instance's sockets.", e.getMessage(), retry.toMillis());
                lost = true;
                if (!sleep(retry)) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    private void poll(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (running) {
            PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                lastHeard = System.nanoTime();
                for (PGNotification notification : notifications) {
                    if (SessionEvictions.CHANNEL.equals(notification.getName())) {
                        sessions.sessionEnded(notification.getParameter());
                        sockets.endSession(notification.getParameter());
                    } else {
                        deliver(notification.getParameter(), connection);
                    }
                }
            } else if (System.nanoTime() - lastHeard > CHECK_IDLE.toNanos()) {
                if (!connection.isValid(5)) {
                    throw new SQLException("the connection stopped answering");
                }
                lastHeard = System.nanoTime();
            }
        }
    }

    private void deliver(String payload, Connection connection) {
        try {
            fanout.deliver(payload, connection);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not deliver an event: {}", e.toString());
        }
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
