package conduit.consistency;

import io.micronaut.aop.Around;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A read-only unit of work ({@code @Transactional(readOnly = true)}) that the read replica may serve, when the
 * request it runs for allows it (see {@link ConsistencyFilter}). Called inside a transaction that is open already, it
 * joins that one, on whatever server it runs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Around
public @interface ReplicaRead {
}
