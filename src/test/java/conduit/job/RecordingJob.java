package conduit.job;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job kind for the queue's own tests ({@code test.record}): records every run, per key and per application
 * instance, in memory shared by all instances in this JVM; fails the first {@code failTimes} runs of a key,
 * or every run while the key is in {@link #FAIL_ALWAYS}. Three attempts before a job is dead.
 */
@Singleton
@Requires(env = Environment.TEST)
final class RecordingJob implements JobHandler {

    static final String KIND = "test.record";
    static final Map<String, List<Long>> RUNS = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> RUNS_BY_INSTANCE = new ConcurrentHashMap<>();
    static final java.util.Set<String> FAIL_ALWAYS = ConcurrentHashMap.newKeySet();

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String instance = "instance-" + INSTANCES.incrementAndGet();

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int maxAttempts() {
        return 3;
    }

    @Override
    public void run(JobPayload payload) throws Exception {
        String key = payload.getString("key");
        List<Long> runs = RUNS.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
        runs.add(System.nanoTime());
        RUNS_BY_INSTANCE.computeIfAbsent(instance, k -> new AtomicInteger()).incrementAndGet();
        if (payload.values().get("workMillis") instanceof Number millis) {
            Thread.sleep(millis.longValue());
        }
        long failTimes = payload.values().get("failTimes") instanceof Number n ? n.longValue() : 0;
        if (FAIL_ALWAYS.contains(key) || runs.size() <= failTimes) {
            throw new IllegalStateException("planned failure " + runs.size() + " of " + key);
        }
    }

    static int runs(String key) {
        return RUNS.getOrDefault(key, List.of()).size();
    }
}
