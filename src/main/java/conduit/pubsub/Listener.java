package conduit.pubsub;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Each instance's one LISTEN connection to PostgreSQL, outside the pool (a pooled connection would be held
 * forever, and LISTEN is per session). A daemon thread polls it and hands each message to the {@link Subscriber}
 * of its channel. If the connection drops, the thread reconnects with backoff; messages sent while it was away
 * are lost (PostgreSQL does not queue them for absent listeners), so a subscriber needs a fallback for them.
 * A context without a database (a startup check's test) has nothing to listen to. NOTIFY itself is sent in the
 * writer's transaction ({@link Publisher}), which works through a transaction-mode pooler; LISTEN does not.
 */
@Context
@Requires(beans = DataSource.class)
final class Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    /** A silently dropped TCP connection never fails a poll; an idle connection is checked this often. */
    private static final Duration CHECK_IDLE = Duration.ofSeconds(30);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String url;
    private final Properties credentials = new Properties();
    private final Map<String, Subscriber> subscribers;
    private final Thread thread = new Thread(this::run, "conduit-listener");
    private volatile boolean running = true;

    /**
     * {@code listenUrl} (CONDUIT_PUBSUB_LISTEN_URL) is for a pool URL that goes through PgBouncer in transaction
     * mode, which cannot hold a LISTEN: the listener then connects to PostgreSQL directly. Empty: the pool's URL.
     */
    Listener(@Value("${datasources.default.url}") String url,
             @Value("${conduit.pubsub.listen-url:}") String listenUrl,
             @Value("${datasources.default.username}") String user,
             @Value("${datasources.default.password:}") String password, List<Subscriber> subscribers) {
        this.url = listenUrl.isBlank() ? url : listenUrl;
        this.subscribers = byChannel(subscribers);
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("tcpKeepAlive", "true");
        credentials.setProperty("ApplicationName", "conduit-listener");
    }

    /** Two subscribers of one channel would each miss the messages dispatched to the other: refused at startup. */
    static Map<String, Subscriber> byChannel(List<Subscriber> subscribers) {
        for (Subscriber subscriber : subscribers) {
            // The name goes into LISTEN unquoted.
            if (!CHANNEL.matcher(subscriber.channel()).matches()) {
                throw new IllegalStateException("not a plain channel name: " + subscriber.channel());
            }
        }
        return subscribers.stream().collect(Collectors.toUnmodifiableMap(Subscriber::channel, Function.identity(),
                (first, second) -> {
                    throw new IllegalStateException("two subscribers of channel " + first.channel() + ": "
                            + first.getClass().getName() + " and " + second.getClass().getName());
                }));
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
                    for (String channel : subscribers.keySet()) {
                        listen.execute("LISTEN " + channel);
                    }
                }
                if (lost) {
                    LOG.info("Listener is listening again");
                }
                tell(true);
                lost = false;
                retry = FIRST_RETRY;
                poll(connection);
            } catch (SQLException e) {
                if (!running) {
                    return;
                }
                tell(false);
                LOG.warn("Listener has no database connection ({}); retrying in {} ms. Messages until then do not "
                        + "reach this instance (events for its sockets, ended sessions).", e.getMessage(), retry.toMillis());
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
            PGNotification[] messages = postgres.getNotifications(POLL_MILLIS);
            if (messages != null && messages.length > 0) {
                lastHeard = System.nanoTime();
                for (PGNotification message : messages) {
                    dispatch(message.getName(), message.getParameter(), connection);
                }
            } else if (System.nanoTime() - lastHeard > CHECK_IDLE.toNanos()) {
                if (!connection.isValid(5)) {
                    throw new SQLException("the connection stopped answering");
                }
                lastHeard = System.nanoTime();
            }
        }
    }

    private void tell(boolean listening) {
        for (Subscriber subscriber : subscribers.values()) {
            try {
                subscriber.listening(listening);
            } catch (RuntimeException e) {
                LOG.warn("{} failed on hearing that listening is {}: {}", subscriber.getClass().getSimpleName(),
                        listening ? "up" : "down", e.toString());
            }
        }
    }

    private void dispatch(String channel, String payload, Connection connection) {
        Subscriber subscriber = subscribers.get(channel);
        if (subscriber == null) {
            return;
        }
        try {
            subscriber.receive(payload, connection);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not handle a message on {}: {}", channel, e.toString());
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
