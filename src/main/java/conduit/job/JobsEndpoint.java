package conduit.job;

import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.annotation.Read;
import io.micronaut.management.endpoint.annotation.Selector;
import io.micronaut.management.endpoint.annotation.Write;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Operators' view of the queue, on the management port only: {@code GET /jobs} gives the count per state
 * and the 50 most recent dead jobs with their last error; {@code POST /jobs/{id}} puts a dead job back in
 * the queue with fresh attempts.
 */
@Endpoint(id = "jobs", defaultSensitive = false)
final class JobsEndpoint {

    private final JobQueries queue;

    JobsEndpoint(JobQueries queue) {
        this.queue = queue;
    }

    @Read
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("counts", queue.countsByState());
        summary.put("dead", queue.dead(50).stream().map(dead -> {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("id", dead.id());
            job.put("kind", dead.kind());
            job.put("attempts", dead.attempts());
            job.put("lastError", dead.lastError());
            job.put("createdAt", String.valueOf(dead.createdAt()));
            job.put("diedAt", String.valueOf(dead.finishedAt()));
            return job;
        }).toList());
        return summary;
    }

    @Write
    Map<String, Object> retry(@Selector long id) {
        boolean requeued = queue.retryDead(id);
        return Map.of("id", id, "requeued", requeued);
    }
}
