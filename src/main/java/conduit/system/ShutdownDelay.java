package conduit.system;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Duration;

/**
 * SIGTERM without a load balancer that was told first. Micronaut closes its listeners as soon as the JVM starts
 * shutting down, and a load balancer that only learns from health checks keeps sending requests until its checks
 * fail: those are refused. With {@code CONDUIT_SHUTDOWN_DELAY} set, SIGTERM turns readiness DOWN at once while the
 * service keeps serving for the delay (size it to the balancer's check interval times its fall count, plus a
 * margin); then the JVM exits with 143, as after SIGTERM, and Micronaut's graceful shutdown runs: listeners close,
 * requests in flight finish within {@code CONDUIT_SHUTDOWN_GRACE_PERIOD}. A second SIGTERM during the delay ends it.
 * The default, 0s, leaves SIGTERM to the JVM: the listeners close at once.
 */
@Singleton
@Readiness
final class ShutdownDelay implements HealthIndicator, ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDelay.class);
    private static final int EXIT_AFTER_SIGTERM = 128 + 15;

    private final Duration delay;
    private volatile boolean stopping;

    ShutdownDelay(@Value("${conduit.shutdown.delay:0s}") Duration delay) {
        this.delay = delay;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!delay.isZero() && !delay.isNegative()) {
            Signal.handle(new Signal("TERM"), signal -> terminate());
        }
    }

    private synchronized void terminate() {
        if (stopping) {
            LOG.info("SIGTERM again: shutting down now");
            exit();
            return;
        }
        stopping = true;
        LOG.info("SIGTERM: readiness is DOWN; serving for {} more so load balancers stop sending requests, then shutting down",
                delay);
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exit();
        }, "shutdown-delay");
        later.start();
    }

    private static void exit() {
        // From its own thread: System.exit waits for the shutdown hooks, which must not hold up the signal handler.
        new Thread(() -> System.exit(EXIT_AFTER_SIGTERM), "shutdown").start();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("shutdown", stopping ? HealthStatus.DOWN : HealthStatus.UP).build());
    }
}
