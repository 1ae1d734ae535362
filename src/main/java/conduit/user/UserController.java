package conduit.user;

import conduit.api.UsersApi;
import conduit.api.model.LoginUserRequest;
import conduit.api.model.NewUserRequest;
import conduit.api.model.UpdateUserRequest;
import conduit.api.model.User;
import conduit.api.model.UserResponse;
import conduit.auth.CurrentUser;
import conduit.auth.TokenIssuer;
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

    UserController(UserService users, TokenIssuer tokens, CurrentUser currentUser) {
        this.users = users;
        this.tokens = tokens;
        this.currentUser = currentUser;
    }

    @Override
    public HttpResponse<UserResponse> createUser(NewUserRequest request) {
        var user = request.getUser();
        UserEntity created = users.register(user.getUsername(), user.getEmail(), user.getPassword());
        return HttpResponse.created(withFreshToken(created));
    }

    @Override
    public UserResponse login(LoginUserRequest request) {
        return withFreshToken(users.login(request.getUser().getEmail(), request.getUser().getPassword()));
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

    private static UserResponse response(UserEntity user, String token) {
        return new UserResponse(new User(user.email(), token, user.username(), user.bio(), user.image()));
    }
}
