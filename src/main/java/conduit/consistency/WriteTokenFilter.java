package conduit.consistency;

import conduit.system.OperationPolicies;
import conduit.system.OperationPolicies.Consistency;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A successful write answers {@code Conduit-Consistency-Token}: the primary's WAL position, asked after the write
 * committed. Only for the methods that write: the query needs a blocking thread, and a GET answered on another
 * thread (a WebSocket upgrade on /api/events) would reach its client before Micronaut has taken over the connection.
 */
@ServerFilter(value = "/api/**", methods = {HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH})
final class WriteTokenFilter {

    private static final Logger LOG = LoggerFactory.getLogger(WriteTokenFilter.class);

    private final OperationPolicies policies;
    private final ConsistencyQueries queries;

    WriteTokenFilter(OperationPolicies policies, ConsistencyQueries queries) {
        this.policies = policies;
        this.queries = queries;
    }

    @ResponseFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    void stamp(HttpRequest<?> request, MutableHttpResponse<?> response) {
        int status = response.code();
        if (status < 200 || status > 299
                || policies.of(request).map(OperationPolicies.Policy::consistency).orElse(Consistency.NONE) != Consistency.WRITE) {
            return;
        }
        try {
            response.header(OperationPolicies.CONSISTENCY_TOKEN, queries.primaryPosition());
        } catch (RuntimeException e) {
            // The write is done and answered; without a token the client's next reads go by its Authorization.
            LOG.warn("No consistency token for a completed write: {}", e.getMessage());
        }
    }
}
