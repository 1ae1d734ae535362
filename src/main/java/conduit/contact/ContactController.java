package conduit.contact;

import conduit.api.ContactApi;
import conduit.api.model.ContactReceipt;
import conduit.api.model.ContactReceiptResponse;
import conduit.api.model.NewContactMessageRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.ZoneOffset;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ContactController implements ContactApi {

    private final ContactService contact;

    ContactController(ContactService contact) {
        this.contact = contact;
    }

    @Override
    public HttpResponse<ContactReceiptResponse> sendContactMessage(NewContactMessageRequest request) {
        var message = request.getContact();
        var receipt = contact.receive(message.getName(), message.getEmail(), message.getSubject(), message.getMessage());
        return HttpResponse.<ContactReceiptResponse>status(HttpStatus.ACCEPTED)
                .body(new ContactReceiptResponse(new ContactReceipt(receipt.id(), receipt.receivedAt().atOffset(ZoneOffset.UTC))));
    }
}
