package conduit.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Job failures are logged per kind at most once per interval, and the rest are counted, not lost. */
class FailureLogTest {

    private final AtomicLong now = new AtomicLong();
    private final List<String> lines = new ArrayList<>();
    private final FailureLog log = new FailureLog(Duration.ofMinutes(1), now::get, lines::add);

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aStormOfFailuresOfOneKindIsOneLinePlusACountPerInterval() {
        for (int i = 0; i < 1000; i++) {
            log.failed("notification.comment", "job " + i + " failed", "SMTP down " + i);
        }
        assertEquals(List.of("job 0 failed"), lines);

        advance(Duration.ofSeconds(61));
        log.flush();

        assertEquals(2, lines.size());
        assertTrue(lines.get(1).contains("notification.comment: 999 more failed attempts"), lines.get(1));
        assertTrue(lines.get(1).contains("SMTP down 999"), "names the last error: " + lines.get(1));
    }

    @Test
    void eachKindHasItsOwnIntervalAndAFailureAfterItIsLoggedInFull() {
        log.failed("a", "a 1", "x");
        log.failed("b", "b 1", "y");
        log.failed("a", "a 2", "x");
        advance(Duration.ofSeconds(30));
        log.flush();
        assertEquals(List.of("a 1", "b 1"), lines, "nothing to summarise before the interval is over");

        advance(Duration.ofSeconds(31));
        log.failed("a", "a 3", "x");

        assertEquals("a 3", lines.get(lines.size() - 1));
        assertTrue(lines.stream().anyMatch(line -> line.contains("a: 1 more failed attempts")), lines.toString());
        log.flush();
        assertEquals(4, lines.size(), "b had nothing more to count: " + lines);
    }
}
