package conduit.profile;

import conduit.api.ProfilesApi;
import conduit.api.model.ProfileResponse;
import conduit.auth.CurrentUser;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ProfileController implements ProfilesApi {

    private final ProfileService profiles;
    private final CurrentUser currentUser;

    ProfileController(ProfileService profiles, CurrentUser currentUser) {
        this.profiles = profiles;
        this.currentUser = currentUser;
    }

    @Override
    public HttpResponse<ProfileResponse> getProfileByUsername(String username, String ifNoneMatch,
                                                                String conduitConsistencyToken) {
        return HttpResponse.ok(response(profiles.get(username, currentUser.id())));
    }

    @Override
    public HttpResponse<ProfileResponse> followUserByUsername(String username) {
        return HttpResponse.ok(response(profiles.follow(currentUser.requireId(), username)));
    }

    @Override
    public HttpResponse<ProfileResponse> unfollowUserByUsername(String username) {
        return HttpResponse.ok(response(profiles.unfollow(currentUser.requireId(), username)));
    }

    private static ProfileResponse response(ProfileView view) {
        return new ProfileResponse(ProfileMapper.toWire(view));
    }
}
