package conduit.realtime;

import conduit.system.Errors;
import conduit.system.Problem;
import conduit.system.UnauthenticatedException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Authenticates the event WebSocket by its ticket before the upgrade, so a bad ticket is a plain
 * HTTP 401 a browser's WebSocket reports as a failed connection, and no socket is ever opened for
 * nobody. Micronaut runs server filters on upgrade requests, after CORS and security.
 *
 * It runs last, and hands the request back to the connection's event loop when the ticket is
 * checked. Micronaut completes the upgrade on whichever thread finishes the filters, and installs
 * the socket's frame handler only after writing the 101 and calling @OnOpen; off the event loop, a
 * frame the client sends at once (a browser subscribing in onopen) can arrive before the handler
 * and be lost. Earlier filters that block (rate limits) leave the event loop, so this one returns.
 */
@ServerFilter(EventSocket.PATH)
final class TicketFilter implements Ordered {

    private static final String USER = TicketFilter.class.getName() + ".user";

    private final Tickets tickets;
    private final ExecutorService blocking;

    TicketFilter(Tickets tickets, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.tickets = tickets;
        this.blocking = blocking;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.LAST.order();
    }

    /** Checked apart from the ticket, so a plain GET does not use it up. */
    @RequestFilter
    @Nullable
    HttpResponse<?> requireUpgrade(HttpRequest<?> request) {
        return isUpgrade(request) ? null
                : Errors.response(HttpStatus.UPGRADE_REQUIRED, new Problem("upgrade", "must be a WebSocket upgrade"))
                        .header(HttpHeaders.UPGRADE, "websocket")
                        .header(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
    }

    /** Continues with the request, on its event loop, or fails with 401 (UnauthenticatedException). */
    @RequestFilter
    CompletionStage<HttpRequest<?>> authenticate(HttpRequest<?> request) {
        if (!isUpgrade(request)) {
            return CompletableFuture.completedFuture(request);
        }
        return CompletableFuture.supplyAsync(() -> consume(request), blocking)
                .thenApplyAsync(accepted -> accepted, eventLoopOf(request));
    }

    private HttpRequest<?> consume(HttpRequest<?> request) {
        String ticket = request.getParameters().get("ticket");
        var holder = ticket == null || ticket.isBlank() ? Optional.<RealtimeQueries.Holder>empty() : tickets.consume(ticket);
        if (holder.isEmpty()) {
            throw new UnauthenticatedException(new Problem("ticket", "is missing, unknown, expired, used or logged out"));
        }
        request.setAttribute(USER, holder.get());
        return request;
    }

    /** Whose ticket opened this socket; empty only if the upgrade did not pass this filter. */
    static Optional<RealtimeQueries.Holder> holderOf(HttpRequest<?> request) {
        return request.getAttribute(USER, RealtimeQueries.Holder.class);
    }

    private static Executor eventLoopOf(HttpRequest<?> request) {
        return request instanceof NettyHttpRequest<?> netty ? netty.getChannelHandlerContext().executor() : Runnable::run;
    }

    private static boolean isUpgrade(HttpRequest<?> request) {
        return "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeaders.UPGRADE))
                && request.getHeaders().getAll(HttpHeaders.CONNECTION).stream()
                        .anyMatch(value -> value.toLowerCase().contains("upgrade"));
    }
}
