package conduit.database;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Hand-written SQL, in one shape everywhere: a statement, its parameters in order, and a {@link Row} mapper for
 * what it returns. Statements run on the connection of the caller's transaction when there is one (the pool's
 * {@link JdbcOperations}), or on a given connection ({@link #on}). Parameters bind by type: {@link Instant} as a
 * timestamp, {@link #textArray}/{@link #bigintArray} as PostgreSQL arrays, everything else (strings, numbers,
 * booleans, UUIDs, byte arrays, null) as the driver binds it.
 */
@Singleton
public final class Sql {

    /** Reads one row into a value. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface Statements {
        <T> T prepare(String sql, Work<T> work);
    }

    private record SqlArray(String type, Object[] values) {
    }

    private final Statements statements;

    @Inject
    Sql(JdbcOperations jdbc) {
        this.statements = new Statements() {
            @Override
            public <T> T prepare(String sql, Work<T> work) {
                return jdbc.prepareStatement(sql, work::apply);
            }
        };
    }

    private Sql(Connection connection) {
        this.statements = new Statements() {
            @Override
            public <T> T prepare(String sql, Work<T> work) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    return work.apply(statement);
                } catch (SQLException e) {
                    throw new DatabaseException(e);
                }
            }
        };
    }

    /** The same operations on one connection the caller holds (the listener's, say), outside the pool. */
    public static Sql on(Connection connection) {
        return new Sql(connection);
    }

    public static Object textArray(Collection<String> values) {
        return new SqlArray("text", values.toArray());
    }

    public static Object bigintArray(Collection<Long> values) {
        return new SqlArray("bigint", values.toArray());
    }

    /** Every row. */
    public <T> List<T> list(String sql, Row<T> mapper, Object... parameters) {
        return statements.prepare(sql, statement -> {
            bind(statement, parameters);
            List<T> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(mapper.read(row));
                }
            }
            return rows;
        });
    }

    /** The first row, if there is one. */
    public <T> Optional<T> first(String sql, Row<T> mapper, Object... parameters) {
        return statements.prepare(sql, statement -> {
            bind(statement, parameters);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(mapper.read(row)) : Optional.empty();
            }
        });
    }

    /** The one row a statement always returns (an aggregate, an INSERT ... RETURNING). */
    public <T> T one(String sql, Row<T> mapper, Object... parameters) {
        return first(sql, mapper, parameters)
                .orElseThrow(() -> new IllegalStateException("no row from a statement that always returns one: " + sql));
    }

    /** The number of rows changed. */
    public int update(String sql, Object... parameters) {
        return statements.prepare(sql, statement -> {
            bind(statement, parameters);
            return statement.executeUpdate();
        });
    }

    /** For statements whose result is a side effect (SELECT pg_notify(...)). */
    public void execute(String sql, Object... parameters) {
        statements.prepare(sql, statement -> {
            bind(statement, parameters);
            return statement.execute();
        });
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (value instanceof SqlArray array) {
                statement.setArray(i + 1, statement.getConnection().createArrayOf(array.type(), array.values()));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    /** An SQLException on a connection held outside the pool, unchecked as the pool's own are. */
    public static final class DatabaseException extends RuntimeException {
        public DatabaseException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
