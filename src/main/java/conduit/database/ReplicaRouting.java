package conduit.database;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * Puts {@link ReadReplica} between the default pool and whoever opens connections on it (the transaction manager,
 * {@link Sql}): a connection opened inside {@link ReadReplica#read} may come from the replica, every other one is the
 * pool's. It has to wrap the pool itself, beneath Micronaut's transaction-aware proxy, which hands out the current
 * transaction's connection rather than opening one.
 */
@Singleton
final class ReplicaRouting implements BeanCreatedEventListener<DataSource>, Ordered {

    private final ReadReplica replica;

    ReplicaRouting(ReadReplica replica) {
        this.replica = replica;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource pool = event.getBean();
        if (!replica.configured() || !"default".equals(event.getBeanIdentifier().getName())) {
            return pool;
        }
        if (pool instanceof DelegatingDataSource) {
            throw new IllegalStateException("the read replica must be routed beneath the transaction-aware data source");
        }
        return new Routed(pool, replica);
    }

    private record Routed(DataSource primary, ReadReplica replica) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            Connection fromReplica = replica.connectionForCurrentRead();
            return fromReplica != null ? fromReplica : primary.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return primary.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return primary.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            primary.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            primary.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return primary.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return primary.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : primary.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || primary.isWrapperFor(type);
        }
    }
}
