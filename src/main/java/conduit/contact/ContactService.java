package conduit.contact;

import conduit.system.Problem;
import conduit.job.Jobs;
import conduit.system.EmailSyntax;
import conduit.system.InvalidInputException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Stores contact messages and queues their emails, in one transaction. */
@Singleton
class ContactService {

    static final int NAME_MAX = 100;
    static final int SUBJECT_MAX = 200;
    static final int MESSAGE_MAX = 5_000;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private final ContactQueries messages;
    private final Jobs jobs;
    private final ContactSettings settings;

    ContactService(ContactQueries messages, Jobs jobs, ContactSettings settings) {
        this.messages = messages;
        this.jobs = jobs;
        this.settings = settings;
    }

    @Transactional
    ContactQueries.Receipt receive(@Nullable String name, @Nullable String email, @Nullable String subject, @Nullable String message) {
        String cleanName = name == null ? null : name.strip();
        String cleanEmail = email == null ? null : email.strip();
        String cleanSubject = subject == null ? null : subject.strip();
        String cleanMessage = message == null ? null : message.strip();
        List<Problem> problems = new ArrayList<>();
        checkLine("name", cleanName, NAME_MAX, problems);
        checkEmail(cleanEmail, problems);
        checkLine("subject", cleanSubject, SUBJECT_MAX, problems);
        if (cleanMessage == null || cleanMessage.isEmpty()) {
            problems.add(Problem.blank("message"));
        } else if (cleanMessage.length() > MESSAGE_MAX) {
            problems.add(Problem.tooLong("message", MESSAGE_MAX));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ContactQueries.Receipt receipt = messages.insert(cleanName, cleanEmail, cleanSubject, cleanMessage);
        // Two jobs, so a failure to reach one recipient never sends the other mail twice.
        jobs.enqueue(ContactAcknowledgement.KIND, Map.of("messageId", receipt.id()));
        if (settings.ownerConfigured()) {
            jobs.enqueue(ContactOwnerNotification.KIND, Map.of("messageId", receipt.id()));
        }
        return receipt;
    }

    private static void checkLine(String field, @Nullable String value, int max, List<Problem> problems) {
        if (value == null || value.isEmpty()) {
            problems.add(Problem.blank(field));
        } else if (value.length() > max) {
            problems.add(Problem.tooLong(field, max));
        } else if (CONTROL.matcher(value).find()) {
            problems.add(new Problem(field, "must be a single line"));
        }
    }

    private static void checkEmail(@Nullable String email, List<Problem> problems) {
        if (email == null || email.isEmpty()) {
            problems.add(Problem.blank("email"));
        } else if (!EmailSyntax.isValid(email) || !deliverable(email)) {
            problems.add(Problem.invalid("email"));
        }
    }

    /** The mail library must accept the address too, or the acknowledgement could never be sent. */
    private static boolean deliverable(String email) {
        try {
            new InternetAddress(email, true).validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }
}
