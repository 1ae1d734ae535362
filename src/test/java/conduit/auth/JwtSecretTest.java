package conduit.auth;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outside dev and test, the service must refuse to start without a proper CONDUIT_JWT_SECRET. */
class JwtSecretTest {

    @Test
    void refusesToStartInProductionWithoutASecret() {
        Exception failure = assertThrows(Exception.class, () -> start(Map.of()));

        assertTrue(causeChainMentions(failure, "CONDUIT_JWT_SECRET"), failure.toString());
    }

    @Test
    void refusesToStartWithASecretTooShortForHs256() {
        Exception failure = assertThrows(Exception.class, () -> start(Map.of("conduit.jwt.secret", "short")));

        assertTrue(causeChainMentions(failure, "at least 32 bytes"), failure.toString());
    }

    private static void start(Map<String, Object> properties) {
        // Only the secret check matters here: no environment variables, no database, no server.
        try (ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .environments("production")
                .environmentPropertySource(false)
                .properties(Map.of("flyway.enabled", false, "datasources.default.enabled", false,
                        "conduit.database.create-if-missing", false))
                .properties(properties)
                .start()) {
            context.getBean(JwtSecretCheck.class);
        }
    }

    private static boolean causeChainMentions(Throwable failure, String text) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
