package conduit.database;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A deployment that forgot its database stops at startup with a sentence saying what to set, not a guess. */
class DatabaseRequiredTest {

    @Test
    void refusesToStartWithoutADatabaseUrlOutsideDevelopment() {
        Exception failure = assertThrows(Exception.class, () -> {
            try (ApplicationContext context = ApplicationContext.builder()
                    .deduceEnvironment(false)
                    .environments("production")
                    .environmentPropertySource(false)
                    .properties(Map.of("flyway.enabled", false, "micronaut.server.port", -1,
                            "conduit.jwt.secret", "a-production-like-secret-of-40-characters!!"))
                    .start()) {
                context.getBean(javax.sql.DataSource.class);
            }
        });

        String chain = chain(failure);
        assertTrue(chain.contains("No database configured. Set DATASOURCES_DEFAULT_URL"), chain);
    }

    private static String chain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
