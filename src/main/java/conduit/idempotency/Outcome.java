package conduit.idempotency;

/** What a write did: the work, done now, or the response of the first request with its key, replayed. */
public sealed interface Outcome<V> {

    record Done<V>(V value) implements Outcome<V> {
    }

    /** The work was not done again; the first response is sent back as it was stored. */
    record Replayed<V>(IdempotencyQueries.Stored response) implements Outcome<V> {
    }
}
