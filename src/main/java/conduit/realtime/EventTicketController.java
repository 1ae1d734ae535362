package conduit.realtime;

import conduit.api.RealtimeApi;
import conduit.api.model.EventTicket;
import conduit.api.model.EventTicketResponse;
import conduit.auth.CurrentUser;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.ZoneOffset;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class EventTicketController implements RealtimeApi {

    private final Tickets tickets;
    private final CurrentUser currentUser;

    EventTicketController(Tickets tickets, CurrentUser currentUser) {
        this.tickets = tickets;
        this.currentUser = currentUser;
    }

    @Override
    public HttpResponse<EventTicketResponse> createEventTicket() {
        var ticket = tickets.issue(currentUser.requireId(), currentUser.requireSessionId());
        // Ticket values are URL-safe base64, so they need no escaping in the query.
        return HttpResponse.created(new EventTicketResponse(new EventTicket(ticket.value(),
                ticket.expiresAt().atOffset(ZoneOffset.UTC), EventSocket.PATH + "?ticket=" + ticket.value())));
    }
}
