package conduit.job;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Queue depth for Prometheus: {@code conduit_jobs{state="queued|running|done|dead"}} and
 * {@code conduit_jobs_oldest_due_seconds}. One query per scrape at most every 10 s, whatever the number of
 * gauges; when the database is unreachable the last figures stay.
 */
@Singleton
final class JobMetrics implements MeterBinder {

    private static final long REFRESH_NANOS = 10_000_000_000L;

    private record Snapshot(long takenAt, Map<String, Long> counts, double oldestDueSeconds) { }

    // Looked up lazily: meter binders are built with the meter registry, which the connection pool's own
    // metrics need first; depending on the pool here would build it while it is being built.
    private final BeanProvider<JobQueries> queue;
    private final AtomicReference<Snapshot> last = new AtomicReference<>();

    JobMetrics(BeanProvider<JobQueries> queue) {
        this.queue = queue;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String state : new String[] {"queued", "running", "done", "dead"}) {
            Gauge.builder("conduit.jobs", this, metrics -> metrics.snapshot().counts().getOrDefault(state, 0L))
                    .description("Background jobs by state")
                    .tag("state", state)
                    .register(registry);
        }
        Gauge.builder("conduit.jobs.oldest.due", this, metrics -> metrics.snapshot().oldestDueSeconds())
                .description("Seconds the oldest due job has waited to be claimed")
                .baseUnit("seconds")
                .register(registry);
    }

    private Snapshot snapshot() {
        Snapshot snapshot = last.get();
        long now = System.nanoTime();
        if (snapshot != null && now - snapshot.takenAt() < REFRESH_NANOS) {
            return snapshot;
        }
        try {
            snapshot = new Snapshot(now, queue.get().countsByState(), queue.get().oldestDueAgeSeconds());
            last.set(snapshot);
            return snapshot;
        } catch (RuntimeException e) {
            return snapshot != null ? snapshot : new Snapshot(now, Map.of(), 0);
        }
    }
}
