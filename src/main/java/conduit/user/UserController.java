package conduit.user;

import conduit.api.UsersApi;
import conduit.api.model.LoginUserRequest;
import conduit.api.model.NewUserRequest;
import conduit.api.model.UpdateUserRequest;
import conduit.api.model.User;
import conduit.api.model.UserResponse;
import conduit.auth.CurrentUser;
import conduit.auth.TokenIssuer;
import conduit.idempotency.IdempotentRequests;
import conduit.system.ClientAddress;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class UserController implements UsersApi {

    private final UserService users;
    private final TokenIssuer tokens;
    private final CurrentUser currentUser;
    private final IdempotentRequests idempotent;
    private final ClientAddress clientAddress;

    UserController(UserService users, TokenIssuer tokens, CurrentUser currentUser, IdempotentRequests idempotent,
                   ClientAddress clientAddress) {
        this.users = users;
        this.tokens = tokens;
        this.currentUser = currentUser;
        this.idempotent = idempotent;
        this.clientAddress = clientAddress;
    }

    @Override
    public HttpResponse<UserResponse> createUser(NewUserRequest request, String idempotencyKey) {
        var user = request.getUser();
        var response = idempotent.run(idempotencyKey, "createUser", request, UserResponse.class,
                () -> HttpResponse.created(withFreshToken(users.register(user.getUsername(), user.getEmail(), user.getPassword()))),
                UserController::withoutToken);
        if (response.getHeaders().contains(IdempotentRequests.REPLAYED)) {
            // Tokens are never stored with the replayable response; a replay gets a fresh one.
            var replayed = response.body().getUser();
            replayed.setToken(tokens.issueFor(users.byUsername(replayed.getUsername()).id()));
        }
        return response;
    }

    @Override
    public UserResponse login(LoginUserRequest request) {
        String address = ServerRequestContext.currentRequest().map(clientAddress::of).orElse("unknown");
        return withFreshToken(users.login(request.getUser().getEmail(), request.getUser().getPassword(), address));
    }

    @Override
    public UserResponse getCurrentUser() {
        return withPresentedToken(users.current(currentUser.requireId()));
    }

    @Override
    public UserResponse updateCurrentUser(UpdateUserRequest request) {
        var user = request.getUser();
        var changes = new UserChanges(user.getEmail(), user.getUsername(), user.getPassword(), user.getBio(), user.getImage());
        return withPresentedToken(users.update(currentUser.requireId(), changes));
    }

    private UserResponse withFreshToken(UserEntity user) {
        return response(user, tokens.issueFor(user.id()));
    }

    private UserResponse withPresentedToken(UserEntity user) {
        String token = currentUser.presentedToken().orElseGet(() -> tokens.issueFor(user.id()));
        return response(user, token);
    }

    private static UserResponse withoutToken(UserResponse response) {
        var user = response.getUser();
        return new UserResponse(new User(user.getEmail(), "", user.getUsername(), user.getBio(), user.getImage()));
    }

    private static UserResponse response(UserEntity user, String token) {
        return new UserResponse(new User(user.email(), token, user.username(), user.bio(), user.image()));
    }
}
