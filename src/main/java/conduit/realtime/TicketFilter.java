package conduit.realtime;

import conduit.system.Errors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.OptionalLong;

/**
 * Authenticates the event WebSocket by its ticket before the upgrade, so a bad ticket is a plain
 * HTTP 401 a browser's WebSocket reports as a failed connection, and no socket is ever opened for
 * nobody. Micronaut runs server filters on upgrade requests, after CORS and security.
 */
@ServerFilter(EventSocket.PATH)
final class TicketFilter implements Ordered {

    private static final String USER = TicketFilter.class.getName() + ".user";

    private final Tickets tickets;

    TicketFilter(Tickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after() + 10;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (!isUpgrade(request)) {
            // Checked before the ticket, so a plain GET does not use it up.
            return Errors.response(HttpStatus.UPGRADE_REQUIRED, List.of("this is a WebSocket endpoint"))
                    .header(HttpHeaders.UPGRADE, "websocket")
                    .header(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
        }
        String ticket = request.getParameters().get("ticket");
        OptionalLong user = ticket == null || ticket.isBlank() ? OptionalLong.empty() : tickets.consume(ticket);
        if (user.isEmpty()) {
            return Errors.response(HttpStatus.UNAUTHORIZED, List.of("missing, unknown, expired or used ticket"));
        }
        request.setAttribute(USER, user.getAsLong());
        return null;
    }

    /** The user whose ticket opened this socket; empty only if the upgrade did not pass this filter. */
    static OptionalLong userOf(HttpRequest<?> request) {
        return request.getAttribute(USER, Long.class).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private static boolean isUpgrade(HttpRequest<?> request) {
        return "websocket".equalsIgnoreCase(request.getHeaders().get(HttpHeaders.UPGRADE))
                && request.getHeaders().getAll(HttpHeaders.CONNECTION).stream()
                        .anyMatch(value -> value.toLowerCase().contains("upgrade"));
    }
}
