package conduit.system;

import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpResponse;
import io.micronaut.validation.ConstraintViolationExceptionUtil;
import io.micronaut.validation.ValidatingInterceptor;
import io.micronaut.validation.Validated;
import io.micronaut.validation.validator.ExecutableMethodValidator;
import io.micronaut.validation.validator.Validator;
import io.micronaut.validation.validator.ValidatorConfiguration;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.executable.ExecutableValidator;

import java.util.Set;

/**
 * Micronaut's validation of method calls, without validating what a controller returns. The generated API interfaces
 * declare {@code HttpResponse<@Valid ...>}, so every answer would be walked field by field against the contract's
 * constraints after it is built: on a list page that was a third of the request's CPU (bench/run.sh profiles, issue
 * 18), to check objects the service itself made. The contract is held to by the tests instead, which check every
 * response they receive against the spec (ContractValidator). Arguments (request bodies, parameters) are validated
 * as before; any other method, including reactive and asynchronous ones, goes through Micronaut's interceptor unchanged.
 */
@Singleton
@InterceptorBean(Validated.class)
@Replaces(ValidatingInterceptor.class)
final class ParameterValidatingInterceptor extends ValidatingInterceptor {

    @Nullable
    private final ExecutableValidator executableValidator;
    private final ExecutableMethodValidator validator;
    private final boolean prependPropertyPath;

    ParameterValidatingInterceptor(Validator validator, @Nullable ValidatorFactory factory, ConversionService conversion,
                                   ValidatorConfiguration configuration) {
        super(validator, factory, conversion, configuration);
        // As Micronaut's interceptor chooses: the Jakarta validator when a factory is present (it is, by default).
        this.executableValidator = factory == null ? null : factory.getValidator().forExecutables();
        this.validator = validator.forExecutables();
        this.prependPropertyPath = configuration.isPrependPropertyPath();
    }

    @Override
    @Nullable
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        if (!HttpResponse.class.isAssignableFrom(context.getReturnType().getType())) {
            return super.intercept(context);
        }
        if (context.getArguments().length > 0) {
            Class<?>[] groups = context.classValues(Validated.class, "groups");
            Set<? extends ConstraintViolation<?>> violations = executableValidator != null
                    ? executableValidator.validateParameters(context.getTarget(), context.getTargetMethod(),
                            context.getParameterValues(), groups)
                    : validator.validateParameters(context.getTarget(), context.getExecutableMethod(),
                            context.getParameterValues(), groups);
            if (!violations.isEmpty()) {
                throw ConstraintViolationExceptionUtil.createConstraintViolationException(prependPropertyPath, violations);
            }
        }
        return context.proceed();
    }
}
