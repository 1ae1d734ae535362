package conduit.job;

import java.time.Duration;

/**
 * Runs the jobs of one kind. A handler must tolerate running a job twice: a worker that dies after the
 * work but before recording it leaves the job to be claimed again when its lease runs out (at-least-once).
 * Throwing fails the attempt; the job is retried with exponential backoff until {@link #maxAttempts()}, then
 * it is dead.
 */
public interface JobHandler {

    /** The kind this handler runs, e.g. {@code contact.acknowledge}. */
    String kind();

    /** Attempts before the job is dead. */
    default int maxAttempts() {
        return 8;
    }

    void run(JobPayload payload) throws Exception;

    /** How long to wait after the given failed attempt; {@code standard} is the queue's exponential backoff. */
    default Duration retryDelay(int attempt, Duration standard) {
        return standard;
    }

    /** Called once when the job has failed its last attempt, to record that it was given up. */
    default void dead(JobPayload payload) throws Exception {
    }
}
