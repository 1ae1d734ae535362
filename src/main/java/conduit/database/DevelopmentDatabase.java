package conduit.database;

import io.micronaut.context.ApplicationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which PostgreSQL a development run ({@code ./mvnw mn:run}, environment {@code dev}) uses when none is configured:
 * the one on 127.0.0.1:5432 if it answers, else a local server started from the binaries on the development
 * classpath, with its data kept between runs. Outside the dev environment nothing is chosen: a missing
 * DATASOURCES_DEFAULT_URL stops the service at startup ({@link DatabaseRequired}).
 */
public final class DevelopmentDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(DevelopmentDatabase.class);
    static final int STANDARD_PORT = 5432;
    static final int DEFAULT_LOCAL_PORT = 15432;
    private static final String DATABASE = "conduit";

    private final Map<String, Object> properties;
    private final Optional<LocalPostgres> server;
    private final AtomicReference<ApplicationContext> application = new AtomicReference<>();

    private DevelopmentDatabase(Map<String, Object> properties, Optional<LocalPostgres> server) {
        this.properties = properties;
        this.server = server;
        server.ifPresent(s -> Runtime.getRuntime().addShutdownHook(new Thread(this::stopAfterApplication,
                "stop-local-postgres")));
    }

    /** Chooses (and if need be starts) the database of a development run; nothing for any other run. */
    public static DevelopmentDatabase choose() {
        if (!isDevelopmentRun() || isConfigured()) {
            return new DevelopmentDatabase(Map.of(), Optional.empty());
        }
        return chooseLocal();
    }

    /** Datasource properties to add to the run, or none. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** The server is stopped only after this application has closed, so its shutdown still has its database. */
    public void serves(ApplicationContext context) {
        application.set(context);
    }

    private void stopAfterApplication() {
        ApplicationContext context = application.get();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (context != null && context.isRunning() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.ifPresent(LocalPostgres::close);
    }

    private static DevelopmentDatabase chooseLocal() {
        if (LocalPostgres.answers(STANDARD_PORT)) {
            String url = "jdbc:postgresql://127.0.0.1:" + STANDARD_PORT + "/" + DATABASE;
            LOG.info("Database: the PostgreSQL on 127.0.0.1:{} ({}); set DATASOURCES_DEFAULT_URL to use another",
                    STANDARD_PORT, url);
            return new DevelopmentDatabase(Map.of("datasources.default.url", url), Optional.empty());
        }
        Path data = dataFolder();
        LocalPostgres server;
        try {
            server = LocalPostgres.start(data, port(), Map.of());
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("No PostgreSQL answers on 127.0.0.1:5432 and this build has no embedded"
                    + " PostgreSQL (only ./mvnw mn:run has): set DATASOURCES_DEFAULT_URL.", e);
        }
        String url = server.jdbcUrl(DATABASE);
        LOG.info("Database: nothing answers on 127.0.0.1:{}, so this run uses its own {} at {} with data in {}"
                + " (kept between runs; stopped when the service stops)", STANDARD_PORT, server.version(), url, data);
        return new DevelopmentDatabase(Map.of("datasources.default.url", url), Optional.of(server));
    }

    private static boolean isDevelopmentRun() {
        String environments = firstSet(System.getProperty("micronaut.environments"),
                System.getenv("MICRONAUT_ENVIRONMENTS"));
        return environments != null && Arrays.stream(environments.split(","))
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .anyMatch("dev"::equals);
    }

    /** A URL given the ways deployments give it: the environment variable or a system property. */
    private static boolean isConfigured() {
        return firstSet(System.getenv("DATASOURCES_DEFAULT_URL"), System.getProperty("datasources.default.url")) != null;
    }

    /** CONDUIT_DEV_DB_DIR, else a per-user data folder (root's lies outside /root, for the server user's sake). */
    static Path dataFolder() {
        String configured = System.getenv("CONDUIT_DEV_DB_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (LocalPostgres.isRoot()) {
            return Path.of("/var/tmp/conduit/dev-postgres");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("conduit").resolve("dev-postgres");
    }

    private static int port() {
        String configured = System.getenv("CONDUIT_DEV_DB_PORT");
        return configured == null || configured.isBlank() ? DEFAULT_LOCAL_PORT : Integer.parseInt(configured.trim());
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
