package conduit.profile;

import conduit.consistency.ReplicaRead;
import conduit.system.Problem;
import conduit.notification.Notifications;
import conduit.realtime.Events;
import conduit.webhook.WebhookEvents;
import conduit.system.InvalidInputException;
import conduit.system.NotFoundException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.OptionalLong;

/** Reading profiles and following or unfollowing their users. Both writes are idempotent. */
@Singleton
public class ProfileService {

    private final ProfileQueries queries;
    private final Notifications notifications;
    private final Events events;
    private final WebhookEvents webhooks;

    ProfileService(ProfileQueries queries, Notifications notifications, Events events, WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.queries = queries;
        this.notifications = notifications;
        this.events = events;
    }

    @ReplicaRead
    @Transactional(readOnly = true)
    public ProfileView get(String username, OptionalLong viewerId) {
        return find(username, viewerId.orElse(ProfileRow.ANONYMOUS));
    }

    @Transactional
    public ProfileView follow(long followerId, String username) {
        ProfileView target = find(username, followerId);
        if (target.id() == followerId) {
            throw new InvalidInputException(new Problem("profile", "cannot be followed by yourself"));
        }
        if (queries.follow(followerId, target.id())) {
            notifications.followed(followerId, target.id());
            events.followed(followerId, target.id());
            webhooks.followerAdded(followerId, target.id());
        }
        return target.followedBy(true);
    }

    @Transactional
    public ProfileView unfollow(long followerId, String username) {
        ProfileView target = find(username, followerId);
        queries.unfollow(followerId, target.id());
        return target.followedBy(false);
    }

    private ProfileView find(String username, long viewerId) {
        return queries.byUsername(username, viewerId)
                .orElseThrow(() -> new NotFoundException("profile"));
    }
}
