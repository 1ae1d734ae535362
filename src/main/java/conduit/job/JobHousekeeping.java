package conduit.job;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/** Hourly: deletes finished jobs older than {@code conduit.jobs.keep-done}. Harmless on every instance. */
@Singleton
final class JobHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(JobHousekeeping.class);

    private final JobQueries queue;
    private final Duration keepDone;

    JobHousekeeping(JobQueries queue, @Value("${conduit.jobs.keep-done}") Duration keepDone) {
        this.queue = queue;
        this.keepDone = keepDone;
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "10m")
    void purge() {
        try {
            int removed = queue.purgeDone(Instant.now().minus(keepDone));
            if (removed > 0) {
                LOG.info("removed {} finished jobs", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove finished jobs: {}", e.toString());
        }
    }
}
