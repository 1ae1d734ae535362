package conduit.pubsub;

import conduit.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Publishing and listening against the real database: what commits arrives, in order; what rolls back never does. */
@MicronautTest(transactional = false)
class PubSubTest extends ApiTestSupport {

    @Inject
    Publisher publisher;

    @Inject
    Publishing publishing;

    @Inject
    RecordingSubscriber subscriber;

    @BeforeEach
    void forgetEarlierMessages() {
        subscriber.received.clear();
    }

    @Test
    void committedMessagesReachTheSubscriberInOrderOnTheListenersConnection() throws InterruptedException {
        publishing.committed("first", "second", "third");

        List<RecordingSubscriber.Received> received = take(3);
        assertEquals(List.of("first", "second", "third"), received.stream().map(RecordingSubscriber.Received::payload).toList());
        received.forEach(message -> assertEquals("conduit-listener", message.connectionName()));
    }

    @Test
    void aRolledBackTransactionPublishesNothing() throws InterruptedException {
        assertThrows(Publishing.RolledBack.class, () -> publishing.rolledBack("lost"));
        // Messages arrive in commit order, so once the later one is here the lost one would have been too.
        publishing.committed("after");

        assertEquals(List.of("after"), take(1).stream().map(RecordingSubscriber.Received::payload).toList());
        assertEquals(0, subscriber.received.size());
    }

    @Test
    void publishingOutsideATransactionIsRefused() throws InterruptedException {
        assertThrows(RuntimeException.class, () -> publisher.publish(RecordingSubscriber.CHANNEL, "no transaction"));
        publishing.committed("after");

        assertEquals(List.of("after"), take(1).stream().map(RecordingSubscriber.Received::payload).toList());
    }

    private List<RecordingSubscriber.Received> take(int count) throws InterruptedException {
        List<RecordingSubscriber.Received> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var next = subscriber.received.poll(5, TimeUnit.SECONDS);
            assertNotNull(next, "message " + (i + 1) + " of " + count + " did not arrive");
            taken.add(next);
        }
        return taken;
    }
}
