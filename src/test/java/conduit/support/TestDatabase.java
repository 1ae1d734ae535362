package conduit.support;

import conduit.database.LocalPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fresh PostgreSQL database per test run, so runs never see each other's data. The server is, in this order:
 * DATASOURCES_DEFAULT_URL's when set; the one on 127.0.0.1:5432 when it answers; a Testcontainers one when a Docker
 * engine answers; else a throwaway server from the PostgreSQL binaries on the test classpath ({@link LocalPostgres}),
 * so a machine with only a JDK runs the suite. The database (or the throwaway server) goes when the JVM exits.
 */
public final class TestDatabase {

    private static final Pattern SERVER = Pattern.compile("^(jdbc:postgresql://[^/]+/)[^?]*(\\?.*)?$");
    private static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private static Map<String, String> properties;

    private TestDatabase() {
    }

    /** Datasource properties for the application under test; the same database for the whole run. */
    public static synchronized Map<String, String> properties() {
        if (properties == null) {
            properties = create();
        }
        return properties;
    }

    public static Connection connect() throws SQLException {
        Map<String, String> p = properties();
        return DriverManager.getConnection(p.get("datasources.default.url"),
                p.get("datasources.default.username"), p.get("datasources.default.password"));
    }

    private static Map<String, String> create() {
        String configured = System.getenv("DATASOURCES_DEFAULT_URL");
        String user = envOr("DATASOURCES_DEFAULT_USERNAME", "postgres");
        String password = envOr("DATASOURCES_DEFAULT_PASSWORD", "");
        String serverUrl;
        String suffix = "";
        if (configured != null && !configured.isBlank()) {
            Matcher m = SERVER.matcher(configured);
            if (!m.matches()) {
                throw new IllegalStateException("DATASOURCES_DEFAULT_URL is not a jdbc:postgresql URL: " + configured);
            }
            serverUrl = m.group(1);
            suffix = m.group(2) == null ? "" : m.group(2);
        } else if (LocalPostgres.answers(5432)) {
            serverUrl = LOCAL_SERVER;
        } else if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return Map.of(
                    "datasources.default.url", container.getJdbcUrl(),
                    "datasources.default.username", container.getUsername(),
                    "datasources.default.password", container.getPassword());
        } else {
            return throwawayServer();
        }
        String name = "conduit_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
        String maintenance = serverUrl + "postgres" + suffix;
        execute(maintenance, user, password, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                execute(maintenance, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        return Map.of(
                "datasources.default.url", serverUrl + name + suffix,
                "datasources.default.username", user,
                "datasources.default.password", password);
    }

    /**
     * Another empty database on the run's server, dropped at exit; its JDBC URL. For a test that needs a second
     * database to tell servers apart, such as a stand-in read replica that lacks what was written to the primary.
     */
    public static String anotherDatabase(String purpose) {
        Map<String, String> p = properties();
        Matcher m = SERVER.matcher(p.get("datasources.default.url"));
        if (!m.matches()) {
            throw new IllegalStateException("not a jdbc:postgresql URL: " + p.get("datasources.default.url"));
        }
        String suffix = m.group(2) == null ? "" : m.group(2);
        String name = "conduit_" + purpose + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        String maintenance = m.group(1) + "postgres" + suffix;
        String user = p.get("datasources.default.username");
        String password = p.get("datasources.default.password");
        execute(maintenance, user, password, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                execute(maintenance, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        return m.group(1) + name + suffix;
    }

    /** A throwaway server of the run's own ({@link LocalPostgres#throwaway()}), stopped and deleted at exit. */
    private static Map<String, String> throwawayServer() {
        LocalPostgres server = LocalPostgres.throwaway();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("Test database: no DATASOURCES_DEFAULT_URL, nothing on 127.0.0.1:5432 and no Docker"
                + " engine, so the tests run on their own " + server.version() + " at " + server.jdbcUrl("conduit"));
        execute(server.jdbcUrl("postgres"), "postgres", "", "CREATE DATABASE conduit");
        return Map.of(
                "datasources.default.url", server.jdbcUrl("conduit"),
                "datasources.default.username", "postgres",
                "datasources.default.password", "");
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + sql, e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
