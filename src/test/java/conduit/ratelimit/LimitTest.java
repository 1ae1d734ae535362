package conduit.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitTest {

    @Test
    void readsSecondsMinutesAndHours() {
        assertEquals(new Limit(5, Duration.ofSeconds(60)), Limit.parse("5/60s"));
        assertEquals(new Limit(120, Duration.ofMinutes(1)), Limit.parse(" 120/1m "));
        assertEquals(new Limit(20, Duration.ofHours(1)), Limit.parse("20/1h"));
    }

    @Test
    void writesThePolicyAsRequestsAndWindowSeconds() {
        assertEquals("10;w=900", Limit.parse("10/15m").policy());
    }

    @Test
    void refusesAnythingElseWithAnExample() {
        for (String bad : new String[] {"5", "5/1d", "five/1m", "5/m", "-1/1m", ""}) {
            var error = assertThrows(IllegalArgumentException.class, () -> Limit.parse(bad), bad);
            assertTrue(error.getMessage().contains("5/60s"), error.getMessage());
        }
    }
}
