package conduit.user;

import conduit.system.Problem;
import conduit.api.SessionsApi;
import conduit.api.model.RefreshSessionRequest;
import conduit.api.model.UserResponse;
import conduit.auth.CurrentUser;
import conduit.auth.Sessions;
import conduit.system.InvalidInputException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The session operations (refresh, logout, logout everywhere). It lives in user/, not auth/, because a refresh
 * answers with the user (RealWorld's UserResponse), which only this feature builds; auth, below it, keeps the
 * sessions themselves.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class SessionController implements SessionsApi {

    private final Sessions sessions;
    private final UserService users;
    private final CurrentUser currentUser;

    SessionController(Sessions sessions, UserService users, CurrentUser currentUser) {
        this.sessions = sessions;
        this.users = users;
        this.currentUser = currentUser;
    }

    @Override
    public HttpResponse<UserResponse> refreshSession(RefreshSessionRequest request) {
        String refreshToken = request.getRefreshToken();
        if (refreshToken == null || refreshToken.isBlank()) {
            throw new InvalidInputException(Problem.blank("refreshToken"));
        }
        var refreshed = sessions.refresh(refreshToken);
        return HttpResponse.ok(UserController.response(users.current(refreshed.userId()), refreshed.issued()));
    }

    @Override
    public HttpResponse<Void> logout() {
        sessions.logout(currentUser.requireSessionId());
        return HttpResponse.noContent();
    }

    @Override
    public HttpResponse<Void> logoutEverywhere() {
        sessions.logoutEverywhere(currentUser.requireId());
        return HttpResponse.noContent();
    }
}
