package conduit.consistency;

import conduit.database.ReadReplica;
import io.micronaut.aop.InterceptPhase;
import io.micronaut.aop.InterceptorBean;
import io.micronaut.aop.MethodInterceptor;
import io.micronaut.aop.MethodInvocationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

/**
 * Runs a {@link ReplicaRead} method through {@link ReadReplica#read} when the current request may be answered from
 * the replica, before the transaction opens (so the transaction's connection is the one routed). Outside a request,
 * or when the request must see the primary, the method runs as it would without the annotation.
 */
@Singleton
@InterceptorBean(ReplicaRead.class)
final class ReplicaReadInterceptor implements MethodInterceptor<Object, Object> {

    private final ReadReplica replica;

    ReplicaReadInterceptor(ReadReplica replica) {
        this.replica = replica;
    }

    @Override
    public int getOrder() {
        // Outside the transaction interceptor, which opens the connection.
        return InterceptPhase.TRANSACTION.getPosition() - 10;
    }

    @Override
    @Nullable
    public Object intercept(MethodInvocationContext<Object, Object> context) {
        if (!replica.configured()) {
            return context.proceed();
        }
        var allowance = ServerRequestContext.currentRequest().flatMap(ReplicaAllowance::of);
        if (allowance.isEmpty()) {
            return context.proceed();
        }
        return replica.read(allowance.get().caughtUpTo(), () -> context.proceed(this));
    }
}
