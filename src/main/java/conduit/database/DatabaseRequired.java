package conduit.database;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;

/**
 * Stops startup with a plain sentence when no database is configured. Only a development run picks a database by
 * itself ({@link DevelopmentDatabase}); a deployment that forgot DATASOURCES_DEFAULT_URL must not guess one.
 */
@Context
// Before the other context beans: the DataSource would fail first with a vaguer message.
@Order(Ordered.HIGHEST_PRECEDENCE)
@Requires(missingProperty = "datasources.default.url")
@Requires(property = "datasources.default.enabled", notEquals = "false")
final class DatabaseRequired {

    DatabaseRequired() {
        throw new ConfigurationException("No database configured. Set DATASOURCES_DEFAULT_URL (for example"
                + " jdbc:postgresql://db.internal:5432/conduit) and DATASOURCES_DEFAULT_USERNAME/_PASSWORD. Only"
                + " ./mvnw mn:run (environment dev) chooses a local PostgreSQL by itself.");
    }
}
