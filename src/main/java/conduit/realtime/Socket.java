package conduit.realtime;

import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** One open event WebSocket: whose it is, which articles' comments it wants, and when it was last heard. */
final class Socket {

    static final int MAX_SUBSCRIPTIONS = 100;
    static final int MAX_PENDING = 50;

    private static final Logger LOG = LoggerFactory.getLogger(Socket.class);

    private final WebSocketSession session;
    private final long userId;
    private final UUID sessionId;
    /** Article id to the slug it was subscribed by: a slug can change, the id cannot. */
    private final Map<Long, String> subscriptions = new HashMap<>();
    private volatile long lastHeard = System.nanoTime();
    private final Queue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean handling = new AtomicBoolean();

    Socket(WebSocketSession session, long userId, UUID sessionId) {
        this.session = session;
        this.userId = userId;
        this.sessionId = sessionId;
    }

    UUID sessionId() {
        return sessionId;
    }

    String id() {
        return session.getId();
    }

    long userId() {
        return userId;
    }

    /** False when the socket already has as many subscriptions as it may. */
    synchronized boolean subscribe(long articleId, String slug) {
        if (!subscriptions.containsKey(articleId) && subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            return false;
        }
        subscriptions.put(articleId, slug);
        return true;
    }

    /** By id when the slug still names an article, and by the slug it was subscribed by (a deleted article). */
    synchronized void unsubscribe(String slug, OptionalLong articleId) {
        articleId.ifPresent(subscriptions::remove);
        subscriptions.values().removeIf(slug::equals);
    }

    synchronized boolean isSubscribedTo(long articleId) {
        return subscriptions.containsKey(articleId);
    }

    /**
     * Runs the task on the executor after every task handed in before it, never two at once, so
     * replies come in the order of the messages. False, and nothing queued, when too many are waiting.
     */
    boolean handleInTurn(Runnable task, Executor executor) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            return false;
        }
        inbox.add(task);
        if (handling.compareAndSet(false, true)) {
            executor.execute(this::handleAll);
        }
        return true;
    }

    private void handleAll() {
        do {
            Runnable task;
            while ((task = inbox.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("Event socket message failed: {}", e.toString());
                } finally {
                    pending.decrementAndGet();
                }
            }
            handling.set(false);
            // A task added after the last poll but before the flag was cleared is still ours to run.
        } while (!inbox.isEmpty() && handling.compareAndSet(false, true));
    }

    void heard() {
        lastHeard = System.nanoTime();
    }

    boolean silentFor(Duration duration) {
        return System.nanoTime() - lastHeard > duration.toNanos();
    }

    /** Queues a text frame; a socket that went away meanwhile is dropped by its close handler, not here. */
    void send(String json) {
        if (session.isOpen()) {
            session.sendAsync(json).exceptionally(failure -> null);
        }
    }

    void ping() {
        if (session.isOpen()) {
            session.sendPingAsync(new byte[0]).exceptionally(failure -> null);
        }
    }

    void close(CloseReason reason) {
        if (session.isOpen()) {
            session.close(reason);
        }
    }
}
