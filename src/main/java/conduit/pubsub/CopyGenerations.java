package conduit.pubsub;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bookkeeping of a {@link Subscriber} that keeps copies of what its messages invalidate (the tag list, public
 * articles). A generation moves on every message and every loss or return of the listening connection; a copy
 * loaded while it did not move is current. While the connection is down messages are lost, so copies are not
 * trusted and none is kept.
 *
 * <p>A load reads {@link #current()} first, loads, and keeps its copy only if {@link #unchangedSince} that value: a
 * change that committed after the load's snapshot has moved the generation by then, or will, in which case its
 * message drops the copy after moving it.
 */
public final class CopyGenerations {

    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;

    /** The generation now: read it before loading a copy. */
    public long current() {
        return generation.get();
    }

    /** Whether copies may be used at all: the listening connection is up. */
    public boolean trusted() {
        return listening;
    }

    /** Whether a copy loaded after {@code before} was read is current: listening, and no message since. */
    public boolean unchangedSince(long before) {
        return listening && generation.get() == before;
    }

    /** A message arrived: every copy loaded before it may be stale. Move first, then drop copies. */
    public void moved() {
        generation.incrementAndGet();
    }

    /**
     * {@link Subscriber#listening}: either way every copy is stale; {@code drop} removes the subscriber's copies.
     * Going down, copies stop being trusted before they are dropped; coming up, they are trusted again only after.
     */
    public void listening(boolean up, Runnable drop) {
        if (!up) {
            listening = false;
        }
        generation.incrementAndGet();
        drop.run();
        if (up) {
            listening = true;
        }
    }
}
