package conduit.tag;

import conduit.pubsub.CopyGenerations;
import conduit.pubsub.Subscriber;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.List;

/**
 * This instance's copy of the tag list, for the reads allowed to lag (anonymous, without a consistency token): the
 * list changes only when an article's tags do, and it is the busiest read of a RealWorld frontend's home page.
 * Every change to article_tags sends a message on {@value #CHANNEL} in its transaction (migration V19), which reaches
 * every instance when it commits and drops the copy here; the next read loads a fresh one from the primary (never
 * from a replica, which could still be behind the change that dropped it and would keep that old list until the
 * next change). While the listening connection is down, messages are lost, so the copy is neither used nor kept.
 */
@Singleton
final class PopularTags implements Subscriber {

    static final String CHANNEL = "conduit_tags";

    /** A copy, valid while the generation has not moved since the load began. */
    private record Copy(long generation, List<String> tags) {
    }

    private final TagQueries queries;
    private final CopyGenerations generations = new CopyGenerations();
    private volatile Copy copy;

    PopularTags(TagQueries queries) {
        this.queries = queries;
    }

    /**
     * The tag list as of at most the time a change message takes to arrive; from the primary without a listener. The
     * same (unmodifiable) instance until the copy is dropped.
     */
    List<String> get() {
        Copy current = copy;
        long now = generations.current();
        if (current != null && current.generation() == now) {
            return current.tags();
        }
        List<String> tags = List.copyOf(queries.popularOnPrimary());
        // A change that committed after the load's snapshot moved the generation on: this copy is not kept.
        if (generations.unchangedSince(now)) {
            copy = new Copy(now, tags);
        }
        return tags;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void receive(String payload, Connection connection) {
        generations.moved();
    }

    @Override
    public void listening(boolean listening) {
        generations.listening(listening, () -> copy = null);
    }
}
