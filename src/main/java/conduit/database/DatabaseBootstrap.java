package conduit.database;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates the configured PostgreSQL database when it does not exist yet, before the pool connects
 * and Flyway migrates it, so a fresh machine needs no manual step. Turn off with
 * CONDUIT_DB_CREATE_IF_MISSING=false where the service's database user may not create databases.
 */
@Singleton
@Requires(property = "conduit.database.create-if-missing", value = "true", defaultValue = "true")
final class DatabaseBootstrap implements BeanCreatedEventListener<DatasourceConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final Pattern POSTGRES_URL =
            Pattern.compile("^(jdbc:postgresql://[^/]*/)([A-Za-z0-9_]+)(\\?.*)?$");
    private static final String DUPLICATE_DATABASE = "42P04";

    @Override
    public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
        DatasourceConfiguration config = event.getBean();
        Matcher url = POSTGRES_URL.matcher(config.getUrl());
        if (url.matches()) {
            String maintenanceUrl = url.group(1) + "postgres" + (url.group(3) == null ? "" : url.group(3));
            createIfMissing(maintenanceUrl, url.group(2), config.getUsername(), config.getPassword());
        }
        return config;
    }

    private static void createIfMissing(String maintenanceUrl, String database, String user, String password) {
        try (Connection connection = DriverManager.getConnection(maintenanceUrl, user, password);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (exists.executeQuery().next()) {
                return;
            }
            // The name matched [A-Za-z0-9_]+ above, so quoting it is safe.
            connection.createStatement().execute("CREATE DATABASE \"" + database + "\"");
            LOG.info("Created database {}", database);
        } catch (SQLException e) {
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                LOG.warn("Could not make sure database {} exists: {}", database, e.getMessage());
            }
        }
    }
}
