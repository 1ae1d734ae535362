package conduit.user;

import io.micronaut.core.annotation.Nullable;

import java.util.Set;

/**
 * What a user asked to change about their account. A field named in {@code present} was in the request,
 * possibly as null (which clears {@code bio} and {@code image} and is refused for the others); a field
 * that is not stays as it is.
 */
record UserChanges(
        @Nullable String email,
        @Nullable String username,
        @Nullable String password,
        @Nullable String bio,
        @Nullable String image,
        @Nullable Boolean emailNotifications,
        Set<String> present) {

    boolean has(String field) {
        return present.contains(field);
    }
}
