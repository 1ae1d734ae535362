package conduit.mail;

/** A plain-text email to one recipient. */
public record Mail(String to, String subject, String text) {
}
