package conduit.system;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import conduit.support.Users;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.validation.ValidatingInterceptor;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Micronaut's validating interceptor is ours, and arguments are still validated through it. */
@MicronautTest(transactional = false)
class ParameterValidatingInterceptorTest extends ApiTestSupport {

    @Inject
    ValidatingInterceptor interceptor;

    @Inject
    Api api;

    @Inject
    Users users;

    @Test
    void theInterceptorThatValidatesControllerCallsIsOurs() {
        assertInstanceOf(ParameterValidatingInterceptor.class, interceptor);
    }

    @Test
    void aConstraintOnAnArgumentIsStillEnforced() {
        var author = users.aUser();
        // limit's minimum is a constraint on the generated interface's parameter, checked by the interceptor.
        var refused = api.get("/api/articles?limit=0", author.token());

        assertEquals(422, refused.status(), refused.body());
        assertEquals(List.of("limit must be greater than or equal to 1"), refused.errors());
    }
}
