package conduit.user;

import conduit.api.UsersApi;
import conduit.api.model.LoginUserRequest;
import conduit.api.model.NewUserRequest;
import conduit.api.model.UpdateUserRequest;
import conduit.api.model.User;
import conduit.api.model.UserResponse;
import conduit.auth.CurrentUser;
import conduit.auth.Sessions;
import conduit.idempotency.IdempotentRequests;
import conduit.idempotency.Once;
import conduit.system.ClientAddress;
import conduit.system.PresentFields;
import conduit.system.UnauthenticatedException;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class UserController implements UsersApi {

    private final UserService users;
    private final Sessions sessions;
    private final CurrentUser currentUser;
    private final IdempotentRequests idempotent;
    private final ClientAddress clientAddress;

    UserController(UserService users, Sessions sessions, CurrentUser currentUser, IdempotentRequests idempotent,
                   ClientAddress clientAddress) {
        this.users = users;
        this.sessions = sessions;
        this.currentUser = currentUser;
        this.idempotent = idempotent;
        this.clientAddress = clientAddress;
    }

    @Override
    public HttpResponse<UserResponse> createUser(NewUserRequest request, String idempotencyKey) {
        var user = request.getUser();
        Once<UserService.Registered, UserResponse> once = idempotent.once(idempotencyKey, request, UserResponse.class,
                registered -> HttpResponse.created(response(registered.user(), registered.session())),
                UserController::withoutTokens);
        var response = once.response(users.register(user.getUsername(), user.getEmail(), user.getPassword(), once));
        if (response.getHeaders().contains(IdempotentRequests.REPLAYED)) {
            // Tokens are never stored with the replayable response, and a replay is no proof of who sends it:
            // anyone who saw the request can send it again. It gets a session only as a login would, with the
            // credentials in its body still opening the account (not after a password or email change), and
            // counts against the failed-login limits like a login.
            var replayed = response.body().getUser();
            var issued = sessions.start(users.login(user.getEmail(), user.getPassword(), clientAddress()).id());
            replayed.setToken(issued.token());
            replayed.setRefreshToken(issued.refreshToken());
        }
        return response;
    }

    @Override
    public HttpResponse<UserResponse> login(LoginUserRequest request) {
        return HttpResponse.ok(withNewSession(users.login(request.getUser().getEmail(), request.getUser().getPassword(),
                clientAddress())));
    }

    @Override
    public HttpResponse<UserResponse> updateCurrentUser(UpdateUserRequest request) {
        var user = request.getUser();
        Set<String> present = PresentFields.of("user").orElseThrow(
                () -> new IllegalStateException("the body of PUT /api/user could not be read again"));
        var changes = new UserChanges(user.getEmail(), user.getUsername(), user.getPassword(), user.getBio(),
                user.getImage(), user.getEmailNotifications(), present);
        // An API token has no session; UserService refuses it a new email or password.
        Optional<UUID> session = currentUser.isApiToken() ? Optional.empty() : Optional.of(currentUser.requireSessionId());
        var updated = users.update(currentUser.requireId(), session, changes);
        return HttpResponse.ok(updated.newSession()
                .map(issued -> response(updated.user(), issued))
                .orElseGet(() -> withPresentedToken(updated.user())));
    }

    @Override
    public UserResponse getCurrentUser() {
        return withPresentedToken(users.current(currentUser.requireId()));
    }

    private String clientAddress() {
        return ServerRequestContext.currentRequest().map(clientAddress::of).orElse("unknown");
    }

    private UserResponse withNewSession(UserEntity user) {
        return response(user, sessions.start(user.id()));
    }

    /** The current-user operations echo the token they were called with; they start no session. */
    private UserResponse withPresentedToken(UserEntity user) {
        String token = currentUser.presentedToken().orElseThrow(() -> UnauthenticatedException.token("is missing"));
        return new UserResponse(user(user, token));
    }

    private static UserResponse withoutTokens(UserResponse response) {
        var user = response.getUser();
        return new UserResponse(new User(user.getEmail(), "", user.getUsername(), user.getBio(), user.getImage(),
                user.getEmailNotifications()));
    }

    static UserResponse response(UserEntity user, Sessions.Issued issued) {
        User body = user(user, issued.token());
        body.setRefreshToken(issued.refreshToken());
        return new UserResponse(body);
    }

    private static User user(UserEntity user, String token) {
        return new User(user.email(), token, user.username(), user.bio(), user.image(), user.emailNotifications());
    }
}
