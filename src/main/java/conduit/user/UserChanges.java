package conduit.user;

import io.micronaut.core.annotation.Nullable;

/** What a user asked to change about their account; null means "leave as it is". */
record UserChanges(
        @Nullable String email,
        @Nullable String username,
        @Nullable String password,
        @Nullable String bio,
        @Nullable String image,
        @Nullable Boolean emailNotifications) {
}
