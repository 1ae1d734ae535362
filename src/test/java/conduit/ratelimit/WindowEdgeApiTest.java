package conduit.ratelimit;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attack on a limit's edges. A limit kept in windows aligned to the clock (3 per 2 s: windows starting at every
 * even second) lets a client that knows the clock send 3 just before an edge and 3 more just after: twice the
 * limit within half a second. A token bucket has no edge to aim at: 3 at once, then one every 2/3 s.
 */
@MicronautTest(transactional = false)
@Property(name = "conduit.rate-limit.enabled", value = "true")
@Property(name = "conduit.rate-limit.writes-per-user", value = "3/2s")
class WindowEdgeApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void sendingTwiceTheLimitAcrossAnEvenSecondGetsOnlyTheLimitThrough() throws InterruptedException {
        var jake = users.aUser();
        Thread.sleep(2100); // whatever registering cost, the budget is whole again

        sleepUntilMillisIntoEvenSecondPair(1750);
        List<Integer> statuses = new ArrayList<>();
        long first = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            statuses.add(updateBio(jake.token(), "before the edge " + i));
        }
        sleepUntilMillisIntoEvenSecondPair(50); // just after the edge: a fresh window, if windows there were
        for (int i = 0; i < 3; i++) {
            statuses.add(updateBio(jake.token(), "after the edge " + i));
        }
        double elapsed = (System.nanoTime() - first) / 1e9;

        long allowed = statuses.stream().filter(status -> status == 200).count();
        assertEquals(List.of(200, 200, 200), statuses.subList(0, 3), "the limit itself is available at once");
        // In `elapsed` seconds a bucket of 3 per 2 s earns 1.5 tokens per second: at most one more request.
        assertTrue(allowed <= 3 + Math.floor(elapsed * 1.5), "allowed " + allowed + " of " + statuses + " in "
                + elapsed + " s");
        assertTrue(statuses.contains(429), "some requests after the edge are refused: " + statuses);
    }

    /** Sleeps until the wall clock is the given number of milliseconds past an even second. */
    private static void sleepUntilMillisIntoEvenSecondPair(long millis) throws InterruptedException {
        long now = System.currentTimeMillis();
        long into = now % 2000;
        long wait = (millis - into + 2000) % 2000;
        Thread.sleep(wait);
    }

    private int updateBio(String token, String bio) {
        return api.put("/api/user", "{\"user\":{\"bio\":\"" + bio + "\"}}", token).status();
    }
}
