package conduit.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) in the test JVM, on a port chosen before the application starts, so the
 * application can be configured to send to it. Tests find their mails by recipient: jobs of earlier test
 * classes may still deliver theirs to whichever server is current.
 */
public final class Mailbox implements AutoCloseable {

    /** A received mail, decoded. */
    public record Received(String to, String subject, String text) {
    }

    private final int port;
    private GreenMail server;

    public Mailbox() {
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Mailbox shared;

    /** One server for the whole test run, for tests that send mail without looking at it; never closed early. */
    public static synchronized Mailbox shared() {
        if (shared == null) {
            shared = new Mailbox();
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** Application properties that send mail here. */
    public Map<String, String> properties() {
        return Map.of(
                "conduit.mail.smtp.host", "127.0.0.1",
                "conduit.mail.smtp.port", Integer.toString(port),
                "conduit.mail.smtp.starttls", "false");
    }

    public synchronized void start() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public synchronized List<Received> to(String address) {
        if (server == null) {
            return List.of();
        }
        return Arrays.stream(server.getReceivedMessages())
                .map(Mailbox::decode)
                .filter(mail -> mail.to().equalsIgnoreCase(address))
                .toList();
    }

    /** Waits until {@code count} mails to the address have arrived; returns them (fails after the timeout). */
    public List<Received> await(String address, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> mails = to(address);
        while (mails.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            mails = to(address);
        }
        if (mails.size() < count) {
            throw new AssertionError("expected " + count + " mails to " + address + " within " + timeout + ", got " + mails);
        }
        return mails;
    }

    private static Received decode(MimeMessage message) {
        try {
            Address[] to = message.getAllRecipients();
            return new Received(to == null || to.length == 0 ? "" : to[0].toString(), message.getSubject(),
                    String.valueOf(message.getContent()));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
