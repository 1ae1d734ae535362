package conduit.support;

import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the SQL statements the application prepares, by wrapping its real DataSource. It changes
 * nothing about what runs against PostgreSQL; tests that ask "how many queries does this request
 * cost" enable it with the property conduit.test.count-statements=true.
 */
@Singleton
@Requires(property = "conduit.test.count-statements", value = "true")
public final class StatementCounter implements BeanCreatedEventListener<DataSource>, Ordered {

    private static final Set<String> STATEMENT_FACTORIES = Set.of("prepareStatement", "createStatement", "prepareCall");

    private final AtomicLong prepared = new AtomicLong();

    public long count() {
        return prepared.get();
    }

    /** Before Micronaut wraps the pool in its own contextual DataSource, so we count on real connections. */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource target = event.getBean();
        if (!(target instanceof HikariDataSource)) {
            return target;
        }
        return proxy(DataSource.class, target, (method, result) ->
                method.getName().equals("getConnection") ? proxy(Connection.class, (Connection) result, this::counting) : result);
    }

    private Object counting(Method method, Object result) {
        if (STATEMENT_FACTORIES.contains(method.getName())) {
            prepared.incrementAndGet();
        }
        return result;
    }

    private interface AfterCall {
        Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, T target, AfterCall after) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
