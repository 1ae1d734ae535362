package conduit.profile;

import io.micronaut.core.annotation.Nullable;

/** A user as others see them; {@code following} is relative to the caller (false for anonymous callers). */
public record ProfileView(long id, String username, @Nullable String bio, @Nullable String image, boolean following) {

    ProfileView followedBy(boolean value) {
        return new ProfileView(id, username, bio, image, value);
    }
}
