package conduit.job;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Enqueues background jobs. Call it inside the transaction of the write that causes the job: the job row
 * commits with the write or not at all, so a rolled-back write sends nothing and a committed one cannot
 * lose its job.
 */
@Singleton
public class Jobs {

    private final JobQueries queue;
    private final ObjectMapper json;
    private final Map<String, JobHandler> handlers;

    Jobs(JobQueries queue, ObjectMapper json, java.util.List<JobHandler> handlers) {
        this.queue = queue;
        this.json = json;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(JobHandler::kind, Function.identity()));
    }

    /** Adds a job of a known kind, due at once. Joins the caller's transaction (or runs in its own). */
    @Transactional
    public void enqueue(String kind, Map<String, ?> payload) {
        JobHandler handler = handlers.get(kind);
        if (handler == null) {
            throw new IllegalArgumentException("no handler for job kind " + kind);
        }
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        queue.insert(kind, body, handler.maxAttempts());
    }

    JobHandler handler(String kind) {
        return handlers.get(kind);
    }
}
