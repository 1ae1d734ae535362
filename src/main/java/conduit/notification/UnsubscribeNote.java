package conduit.notification;

final class UnsubscribeNote {

    static final String TEXT = "You get these emails because email notifications are on in your settings.\n"
            + "To stop them, set \"emailNotifications\" to false (PUT /api/user).\n";

    private UnsubscribeNote() {
    }
}
