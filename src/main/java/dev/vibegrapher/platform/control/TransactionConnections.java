package dev.vibegrapher.platform.control;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source for work done with JDBC beside the entities: inside an active transaction it
 * hands out the connection the entity manager works on, whose close leaves it open; outside one a
 * connection of the pool. The pool does not hand a transaction's connection out again to a second
 * caller, so without this, work holding a project (the project's row locked through the entity
 * manager, the repository's rows written through JDBC) took two connections at once: as many
 * holders as the pool has connections then each waited for a second one, and every request failed
 * once the pool's wait ran out. One connection also makes the rows of both one transaction by
 * construction.
 */
final class TransactionConnections implements DataSource {

  private final DataSource pool;
  private final EntityManager entityManager;
  private final TransactionSynchronizationRegistry transactions;

  TransactionConnections(
      DataSource pool,
      EntityManager entityManager,
      TransactionSynchronizationRegistry transactions) {
    this.pool = pool;
    this.entityManager = entityManager;
    this.transactions = transactions;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      return pool.getConnection();
    }
    return unclosable(entityManager.unwrap(Connection.class));
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("The application's connections have one user");
  }

  // The entity manager closes its connection when the transaction ends; the caller's close must
  // not end it first.
  private static Connection unclosable(Connection shared) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, arguments) -> {
              switch (method.getName()) {
                case "close":
                  return null;
                case "isClosed":
                  return shared.isClosed();
                default:
                  try {
                    return method.invoke(shared, arguments);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
              }
            });
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return pool.isWrapperFor(type);
  }
}
