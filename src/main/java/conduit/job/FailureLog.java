package conduit.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Job failures, logged per kind at most once per interval: the first failure of a kind in full, the rest counted,
 * and the count logged when the interval is over ("and 523 more ..."). A class of jobs that fails on every attempt
 * (an SMTP server down for an hour, thousands of jobs) then writes a few lines a minute, not one per attempt.
 */
final class FailureLog {

    /** What to log: a line for the first failure of a kind in an interval, or the count of the others. */
    interface Sink {
        void log(String line);
    }

    private static final class Window {
        final long startedNanos;
        int suppressed;
        String lastError;

        Window(long startedNanos) {
            this.startedNanos = startedNanos;
        }
    }

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Sink sink;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    FailureLog(Duration interval, LongSupplier nanoClock, Sink sink) {
        this.intervalNanos = interval.toNanos();
        this.clock = nanoClock;
        this.sink = sink;
    }

    /** A failure of {@code kind}: logs {@code line} if it is the kind's first in the interval, else counts it. */
    void failed(String kind, String line, String error) {
        long now = clock.getAsLong();
        boolean[] first = {false};
        windows.compute(kind, (k, window) -> {
            if (window == null || now - window.startedNanos >= intervalNanos) {
                if (window != null) {
                    summarise(kind, window);
                }
                first[0] = true;
                return new Window(now);
            }
            window.suppressed++;
            window.lastError = error;
            return window;
        });
        if (first[0]) {
            sink.log(line);
        }
    }

    /** Logs the counts of the intervals that are over; the worker calls it between jobs. */
    void flush() {
        long now = clock.getAsLong();
        List<String> over = new ArrayList<>();
        windows.forEach((kind, window) -> {
            if (now - window.startedNanos >= intervalNanos) {
                over.add(kind);
            }
        });
        for (String kind : over) {
            Window window = windows.remove(kind);
            if (window != null) {
                summarise(kind, window);
            }
        }
    }

    private void summarise(String kind, Window window) {
        if (window.suppressed > 0) {
            sink.log("jobs of kind " + kind + ": " + window.suppressed + " more failed attempts in the "
                    + Duration.ofNanos(intervalNanos).toSeconds() + " s after the one logged (last: " + window.lastError + ")");
        }
    }
}
