package conduit.job;

import conduit.support.ApiTestSupport;
import conduit.support.JobsTable;
import conduit.support.TestDatabase;
import conduit.support.Users;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durable job queue on the real database: jobs commit with their transaction or not at all, failures retry
 * with backoff, exhausted jobs are dead, visible and retryable, and two instances never run one job twice.
 */
@MicronautTest(transactional = false)
class JobQueueTest extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    Jobs jobs;

    @Inject
    JobQueries queue;

    @Inject
    TransactionOperations<Connection> transactions;

    @Value("${endpoints.all.port}")
    int managementPort;

    @Value("${conduit.jobs.backoff-base}")
    Duration backoffBase;

    @Test
    void aJobEnqueuedInARolledBackTransactionNeverExists() throws Exception {
        String key = Users.uniqueName("rolled-back");

        assertThrows(IllegalStateException.class, () -> transactions.executeWrite(status -> {
            jobs.enqueue(RecordingJob.KIND, Map.of("key", key));
            throw new IllegalStateException("the write fails after the job was enqueued");
        }));

        Thread.sleep(1_000);
        assertEquals(List.of(), JobsTable.find(RecordingJob.KIND, "key", key));
        assertEquals(0, RecordingJob.runs(key));
    }

    @Test
    void aCommittedJobRunsOnce() throws Exception {
        String key = Users.uniqueName("once");

        transactions.executeWrite(status -> {
            jobs.enqueue(RecordingJob.KIND, Map.of("key", key));
            return null;
        });

        var job = JobsTable.await(RecordingJob.KIND, "key", key, "done", WAIT);
        assertEquals(1, job.attempts());
        Thread.sleep(500);
        assertEquals(1, RecordingJob.runs(key));
    }

    @Test
    void failuresAreRetriedWithGrowingDelays() throws Exception {
        String key = Users.uniqueName("flaky");

        jobs.enqueue(RecordingJob.KIND, Map.of("key", key, "failTimes", 2));

        var job = JobsTable.await(RecordingJob.KIND, "key", key, "done", WAIT);
        assertEquals(3, job.attempts());
        List<Long> runs = RecordingJob.RUNS.get(key);
        long firstWait = runs.get(1) - runs.get(0);
        long secondWait = runs.get(2) - runs.get(1);
        assertTrue(firstWait >= backoffBase.toNanos(), "first retry after at least the base delay: " + firstWait / 1_000_000 + " ms");
        assertTrue(secondWait >= 2 * backoffBase.toNanos(), "second retry after twice the base: " + secondWait / 1_000_000 + " ms");
    }

    @Test
    void aJobThatKeepsFailingIsDeadVisibleAndCanBeRetried() throws Exception {
        String key = Users.uniqueName("doomed");
        RecordingJob.FAIL_ALWAYS.add(key);

        jobs.enqueue(RecordingJob.KIND, Map.of("key", key));

        var dead = JobsTable.await(RecordingJob.KIND, "key", key, "dead", WAIT);
        assertEquals(3, dead.attempts());
        assertTrue(dead.lastError().contains("planned failure 3 of " + key), dead.lastError());
        Thread.sleep(1_000);
        assertEquals(3, RecordingJob.runs(key), "a dead job is not retried by itself");

        var summary = HTTP.send(HttpRequest.newBuilder(management("/jobs")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, summary.statusCode());
        assertTrue(summary.body().contains("\"id\":" + dead.id()), "operators see the dead job: " + summary.body());
        assertTrue(summary.body().contains("planned failure 3 of " + key), summary.body());

        RecordingJob.FAIL_ALWAYS.remove(key);
        var retry = HTTP.send(HttpRequest.newBuilder(management("/jobs/" + dead.id()))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, retry.statusCode(), retry.body());
        assertTrue(retry.body().contains("\"requeued\":true"), retry.body());

        var done = JobsTable.await(RecordingJob.KIND, "key", key, "done", WAIT);
        assertEquals(1, done.attempts(), "a retried dead job gets fresh attempts");
        assertEquals(4, RecordingJob.runs(key));
    }

    @Test
    void twoInstancesShareTheQueueAndNeverRunAJobTwice() throws Exception {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("micronaut.server.port", -1);
        try (var socket = new java.net.ServerSocket(0)) {
            properties.put("endpoints.all.port", socket.getLocalPort());
        }
        String prefix = Users.uniqueName("shared");
        int count = 120;
        try (ApplicationContext second = ApplicationContext.run(properties, Environment.TEST)) {
            second.getBean(EmbeddedServer.class).start();
            var before = snapshotOfInstances();
            for (int i = 0; i < count; i++) {
                jobs.enqueue(RecordingJob.KIND, Map.of("key", prefix + "-" + i, "workMillis", 10));
            }

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline && JobsTable.count(
                    "SELECT count(*) FROM jobs WHERE state = 'done' AND payload ->> 'key' LIKE '" + prefix + "-%'") < count) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            List<Integer> runsPerJob = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                runsPerJob.add(RecordingJob.runs(prefix + "-" + i));
            }
            assertTrue(runsPerJob.stream().allMatch(runs -> runs == 1), "every job ran exactly once: " + runsPerJob);
            var after = snapshotOfInstances();
            long instancesThatWorked = after.keySet().stream().filter(instance -> after.get(instance) > before.getOrDefault(instance, 0)).count();
            System.out.println("Two instances: " + count + " jobs, runs per instance " + diff(before, after));
            assertEquals(2, instancesThatWorked, "both instances took jobs from the one queue: " + diff(before, after));
        }
    }

    @Test
    void aJobHeldByAWorkerThatDiedIsTakenBackWhenItsLeaseRunsOutAndRunsAgain() throws Exception {
        String key = Users.uniqueName("orphaned");
        // As a worker killed mid-attempt leaves it: running, attempt 1 counted, lease expired.
        insertJob(key, "running", 1, "now() - interval '1 hour'", "'dead-worker'", "now() - interval '1 second'");

        var job = JobsTable.await(RecordingJob.KIND, "key", key, "done", WAIT);

        assertEquals(2, job.attempts(), "the lost attempt counts");
        assertEquals(1, RecordingJob.runs(key));
    }

    @Test
    void onShutdownAWorkerGivesItsJobsBackAsIfTheAttemptNeverStarted() throws Exception {
        String key = Users.uniqueName("released");
        // Held by a worker that is shutting down; due only in an hour, so no live worker takes it meanwhile.
        insertJob(key, "running", 1, "now() + interval '1 hour'", "'stopping-worker'", "now() + interval '1 hour'");

        assertEquals(1, queue.release("stopping-worker"));

        var job = JobsTable.find(RecordingJob.KIND, "key", key).get(0);
        assertEquals("queued", job.state());
        assertEquals(0, job.attempts());
        assertEquals(0, queue.release("stopping-worker"), "nothing else was held");
    }

    private static void insertJob(String key, String state, int attempts, String runAt, String lockedBy, String lockedUntil)
            throws Exception {
        try (var db = TestDatabase.connect(); var statement = db.prepareStatement("""
                INSERT INTO jobs (kind, payload, state, attempts, max_attempts, run_at, locked_by, locked_until)
                VALUES (?, jsonb_build_object('key', ?::text), ?, ?, 3, %s, %s, %s)""".formatted(runAt, lockedBy, lockedUntil))) {
            statement.setString(1, RecordingJob.KIND);
            statement.setString(2, key);
            statement.setString(3, state);
            statement.setInt(4, attempts);
            statement.executeUpdate();
        }
    }

    private static Map<String, Integer> snapshotOfInstances() {
        Map<String, Integer> snapshot = new HashMap<>();
        RecordingJob.RUNS_BY_INSTANCE.forEach((instance, runs) -> snapshot.put(instance, runs.get()));
        return snapshot;
    }

    private static Map<String, Integer> diff(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, Integer> diff = new HashMap<>();
        after.forEach((instance, runs) -> diff.put(instance, runs - before.getOrDefault(instance, 0)));
        return diff;
    }

    private URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }
}
