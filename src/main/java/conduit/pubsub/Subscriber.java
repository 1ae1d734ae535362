package conduit.pubsub;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A bean that wants what is published on one channel, on every instance. {@link Listener} finds every such bean
 * and LISTENs to their channels; it knows none of them by name, so a feature adds a channel without touching it.
 */
public interface Subscriber {

    /** A plain lower-case identifier, as LISTEN takes it unquoted; at most one subscriber per channel. */
    String channel();

    /**
     * One message, on the listening thread, in the order they were committed. {@code connection} is the listener's
     * own, for reads the message needs: it is outside the pool, so reading here never waits for a request's turn.
     * A failure is logged and the next message is handled as usual.
     */
    void receive(String payload, Connection connection) throws SQLException;

    /**
     * The listening connection is up ({@code true}, LISTEN done) or lost ({@code false}). While it is lost, messages
     * do not arrive and are not kept for later: a subscriber that caches what messages invalidate stops trusting its
     * copy. Called on the listening thread; the default ignores it.
     */
    default void listening(boolean listening) {
    }
}
