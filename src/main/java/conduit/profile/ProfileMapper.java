package conduit.profile;

import conduit.api.model.Profile;

/** The one place a profile view becomes the wire model; articles and comments embed it as their author. */
public final class ProfileMapper {

    private ProfileMapper() {
    }

    public static Profile toWire(ProfileView view) {
        return new Profile(view.username(), view.bio(), view.image(), view.following());
    }
}
