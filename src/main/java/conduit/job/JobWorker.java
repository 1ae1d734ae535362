package conduit.job;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.serde.ObjectMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs background jobs on {@code conduit.jobs.concurrency} threads. Each thread claims one due job at a time
 * (SKIP LOCKED, so instances share the queue and never run a job twice at once), runs it, and records the
 * outcome. Failures retry after base * 2^(attempt-1) with jitter, capped; after max attempts the job is dead.
 * On graceful shutdown no new job is claimed and running ones may finish; whatever is still held when the
 * service stops is released back to the queue. Disabled with {@code CONDUIT_JOBS_WORKER_ENABLED=false}
 * (instances that only serve the API).
 */
@Singleton
@Requires(property = "conduit.jobs.worker.enabled", value = "true", defaultValue = "true")
final class JobWorker implements GracefulShutdownCapable {

    private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);
    private static final int MAX_ERROR_LENGTH = 2_000;

    private final JobQueries queue;
    private final Jobs jobs;
    private final ObjectMapper json;
    private final int concurrency;
    private final Duration pollInterval;
    private final Duration lease;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final String workerId;
    private final AtomicInteger running = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final FailureLog retries;
    private final FailureLog deaths;
    private volatile boolean stopping;

    JobWorker(JobQueries queue, Jobs jobs, ObjectMapper json,
              @Value("${conduit.jobs.concurrency}") int concurrency,
              @Value("${conduit.jobs.poll-interval}") Duration pollInterval,
              @Value("${conduit.jobs.lease}") Duration lease,
              @Value("${conduit.jobs.backoff-base}") Duration backoffBase,
              @Value("${conduit.jobs.backoff-max}") Duration backoffMax,
              @Value("${conduit.jobs.failure-log-interval}") Duration failureLogInterval) {
        this.queue = queue;
        this.jobs = jobs;
        this.json = json;
        this.concurrency = concurrency;
        this.pollInterval = pollInterval;
        this.lease = lease;
        this.backoffBase = backoffBase;
        this.backoffMax = backoffMax;
        this.retries = new FailureLog(failureLogInterval, System::nanoTime, LOG::warn);
        this.deaths = new FailureLog(failureLogInterval, System::nanoTime, LOG::error);
        this.workerId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @EventListener
    void start(StartupEvent event) {
        synchronized (threads) {
            for (int i = 0; i < concurrency; i++) {
                Thread thread = new Thread(this::loop, "job-worker-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
        LOG.info("job worker {} started with {} threads", workerId, concurrency);
    }

    private void loop() {
        int idleRounds = 0;
        while (!stopping) {
            try {
                retries.flush();
                deaths.flush();
                if (idleRounds % 10 == 0) {
                    int reaped = queue.reapExpiredLeases();
                    if (reaped > 0) {
                        LOG.warn("took back {} jobs whose worker stopped mid-attempt", reaped);
                    }
                }
                var claimed = stopping ? java.util.Optional.<JobQueries.Claimed>empty() : queue.claim(workerId, lease);
                if (claimed.isPresent()) {
                    idleRounds = 0;
                    runOne(claimed.get());
                } else {
                    idleRounds++;
                    sleep(pollInterval);
                }
            } catch (RuntimeException e) {
                // The database is unreachable, most likely: wait and try again; jobs are safe in the table.
                LOG.warn("job worker could not reach the queue: {}", e.toString());
                sleep(pollInterval.multipliedBy(4));
            }
        }
    }

    private void runOne(JobQueries.Claimed job) {
        running.incrementAndGet();
        long started = System.nanoTime();
        try {
            JobHandler handler = jobs.handler(job.kind());
            if (handler == null) {
                throw new IllegalStateException("no handler for job kind " + job.kind());
            }
            handler.run(new JobPayload(parse(job.payload())));
            if (!queue.succeeded(job.id(), workerId)) {
                LOG.warn("job {} ({}) finished after its lease ran out; it may run again", job.id(), job.kind());
            }
            LOG.info("job {} ({}) done on attempt {} in {} ms", job.id(), job.kind(), job.attempt(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (Exception e) {
            JobHandler handler = jobs.handler(job.kind());
            Duration delay = handler == null ? backoff(job.attempt()) : handler.retryDelay(job.attempt(), backoff(job.attempt()));
            Instant retryAt = Instant.now().plus(delay);
            boolean dead = job.attempt() >= job.maxAttempts();
            boolean recorded = queue.failed(job.id(), workerId, truncate(e.toString()), retryAt);
            if (dead && recorded && handler != null) {
                giveUp(handler, job);
            }
            // Per kind at most one line per interval, plus a count: a kind that fails on every attempt (its
            // server down) must not write a line per attempt.
            if (dead) {
                deaths.failed(job.kind(), "job " + job.id() + " (" + job.kind() + ") is dead after " + job.attempt()
                        + " attempts: " + e, e.toString());
            } else {
                retries.failed(job.kind(), "job " + job.id() + " (" + job.kind() + ") failed on attempt " + job.attempt()
                        + " of " + job.maxAttempts() + ", retrying at " + retryAt + ": " + e, e.toString());
            }
        } finally {
            running.decrementAndGet();
        }
    }

    private void giveUp(JobHandler handler, JobQueries.Claimed job) {
        try {
            handler.dead(new JobPayload(parse(job.payload())));
        } catch (Exception e) {
            LOG.error("job {} ({}) is dead, and recording that failed: {}", job.id(), job.kind(), e.toString());
        }
    }

    /** base * 2^(attempt-1), capped, with up to 20% jitter so retries of many jobs spread out. */
    Duration backoff(int attempt) {
        long base = backoffBase.toMillis();
        long exponential = base << Math.min(Math.max(attempt - 1, 0), 30);
        long capped = Math.min(exponential <= 0 ? Long.MAX_VALUE : exponential, backoffMax.toMillis());
        long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(capped + jitter);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String payload) throws java.io.IOException {
        return json.readValue(payload, Map.class);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    @Override
    public CompletionStage<?> shutdownGracefully() {
        stopping = true;
        return CompletableFuture.runAsync(() -> {
            while (running.get() > 0) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    @Override
    public OptionalLong reportActiveTasks() {
        return OptionalLong.of(running.get());
    }

    /** Runs before the connection pool closes: jobs still held go back to the queue for another worker. */
    @PreDestroy
    void stop() {
        stopping = true;
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
        try {
            int released = queue.release(workerId);
            if (released > 0) {
                LOG.info("released {} unfinished jobs back to the queue", released);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not release claimed jobs; they return to the queue when their lease runs out: {}", e.toString());
        }
    }

    private static String truncate(String error) {
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }
}
