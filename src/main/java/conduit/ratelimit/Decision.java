package conduit.ratelimit;

/** Where a bucket stands after (or without) counting a request. */
public record Decision(Limit limit, int used, long resetSeconds) {

    public boolean allowed() {
        return used <= limit.requests();
    }

    public int remaining() {
        return Math.max(0, limit.requests() - used);
    }

    /** The decision for one more request on top of what a peek saw. */
    public Decision withOneMore() {
        return new Decision(limit, used + 1, resetSeconds);
    }
}
