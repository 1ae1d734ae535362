package conduit.pubsub;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ListenerTest {

    private static Subscriber on(String channel) {
        return new Subscriber() {
            @Override
            public String channel() {
                return channel;
            }

            @Override
            public void receive(String payload, Connection connection) {
            }
        };
    }

    @Test
    void eachChannelHasItsSubscriber() {
        Subscriber events = on("conduit_events");
        Subscriber sessions = on("conduit_sessions");

        var byChannel = Listener.byChannel(List.of(events, sessions));

        assertEquals(2, byChannel.size());
        assertSame(events, byChannel.get("conduit_events"));
        assertSame(sessions, byChannel.get("conduit_sessions"));
    }

    @Test
    void twoSubscribersOfOneChannelAreRefused() {
        assertThrows(IllegalStateException.class,
                () -> Listener.byChannel(List.of(on("conduit_events"), on("conduit_events"))));
    }

    @Test
    void aChannelNameThatWouldNeedQuotingIsRefused() {
        assertThrows(IllegalStateException.class, () -> Listener.byChannel(List.of(on("events; DROP TABLE users"))));
        assertThrows(IllegalStateException.class, () -> Listener.byChannel(List.of(on("Events"))));
    }
}
