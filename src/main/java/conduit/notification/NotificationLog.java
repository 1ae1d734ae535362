package conduit.notification;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which notification emails were queued for whom, so none is sent twice for one cause within the repeat window
 * ({@code conduit.notifications.repeat-window}, 24 h) and no recipient gets more than
 * {@code conduit.notifications.max-per-hour} (20) in an hour. Runs in the caller's transaction.
 */
@Singleton
class NotificationLog {

    private final NotificationQueries queries;
    private final Duration repeatWindow;
    private final int maxPerHour;

    NotificationLog(NotificationQueries queries, @Value("${conduit.notifications.repeat-window}") Duration repeatWindow,
                    @Value("${conduit.notifications.max-per-hour}") int maxPerHour) {
        this.queries = queries;
        this.repeatWindow = repeatWindow;
        this.maxPerHour = maxPerHour;
    }

    /**
     * Records that {@code cause} is about to be mailed to the recipient; false when it was mailed within the
     * window or the recipient's hourly budget is spent, and then nothing is recorded. Concurrent calls for
     * one cause meet on the primary key, so only one of them is told yes.
     */
    boolean claim(long recipientId, String cause) {
        if (queries.queuedLastHour(recipientId) >= maxPerHour) {
            return false;
        }
        return queries.recordQueued(recipientId, cause, repeatWindow);
    }

    /**
     * For a queued mail about to go out: whether its cause is still news ({@code check}), and if it is not, forgets
     * the claim so the next occurrence counts. The claim's row stays locked while {@code check} reads, so a
     * concurrent follow (whose claim waits on that lock) either happened before the check or claims afresh after.
     */
    @Transactional
    <T> Optional<T> stillNews(long recipientId, String cause, Supplier<Optional<T>> check) {
        queries.lockQueued(recipientId, cause);
        Optional<T> news = check.get();
        if (news.isEmpty()) {
            queries.forgetQueued(recipientId, cause);
        }
        return news;
    }

    /** Hourly: forgets what is older than the repeat window (and the hour the budget counts). Harmless on every instance. */
    @Scheduled(fixedDelay = "1h", initialDelay = "7m")
    void purge() {
        Duration keep = repeatWindow.compareTo(Duration.ofHours(1)) > 0 ? repeatWindow : Duration.ofHours(1);
        queries.forgetQueuedBefore(keep);
    }
}
