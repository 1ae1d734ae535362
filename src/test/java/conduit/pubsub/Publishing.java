package conduit.pubsub;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;

/** Publishes on {@link RecordingSubscriber#CHANNEL} in a transaction that commits, or in one that rolls back. */
@Singleton
@Requires(env = Environment.TEST)
class Publishing {

    static final class RolledBack extends RuntimeException {
    }

    private final Publisher publisher;

    Publishing(Publisher publisher) {
        this.publisher = publisher;
    }

    @Transactional
    void committed(String... payloads) {
        publisher.publish(RecordingSubscriber.CHANNEL, List.of(payloads));
    }

    @Transactional
    void rolledBack(String payload) {
        publisher.publish(RecordingSubscriber.CHANNEL, payload);
        throw new RolledBack();
    }
}
