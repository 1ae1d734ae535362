package conduit.comment;

import conduit.profile.ProfileView;

import java.time.Instant;

record CommentView(long id, String body, Instant createdAt, Instant updatedAt, ProfileView author) {
}
