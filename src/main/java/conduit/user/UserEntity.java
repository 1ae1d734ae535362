package conduit.user;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

@MappedEntity("users")
record UserEntity(
        @Id @GeneratedValue @Nullable Long id,
        String username,
        String email,
        String passwordHash,
        @Nullable String bio,
        @Nullable String image,
        boolean emailNotifications,
        @DateCreated @Nullable Instant createdAt,
        @DateUpdated @Nullable Instant updatedAt) {

    static UserEntity newUser(String username, String email, String passwordHash) {
        return new UserEntity(null, username, email, passwordHash, null, null, true, null, null);
    }

    @Override
    public String toString() {
        // Never print the password hash, even in a debug log.
        return "UserEntity[id=" + id + ", username=" + username + "]";
    }
}
