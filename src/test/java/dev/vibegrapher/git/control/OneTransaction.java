package dev.vibegrapher.git.control;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out one connection in one open transaction, as a JTA data source hands
 * out the transaction's enlisted connection: closing it returns it, and only the test ends the
 * transaction. The storage must not end it itself, so commit, rollback and setAutoCommit on a
 * handed-out connection fail the test.
 */
final class OneTransaction implements DataSource, AutoCloseable {

  private static final Set<String> NOT_YOURS = Set.of("commit", "rollback", "setAutoCommit");

  private final Connection connection;
  private final Connection handedOut;

  OneTransaction(DataSource dataSource) throws SQLException {
    connection = dataSource.getConnection();
    connection.setAutoCommit(false);
    handedOut =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, arguments) -> {
                  if (method.getName().equals("close")) {
                    return null;
                  }
                  if (NOT_YOURS.contains(method.getName())) {
                    throw new AssertionError(
                        method.getName() + " on a connection in the caller's transaction");
                  }
                  try {
                    return method.invoke(connection, arguments);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
  }

  void commit() throws SQLException {
    connection.commit();
  }

  void rollback() throws SQLException {
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.rollback();
    connection.close();
  }

  @Override
  public Connection getConnection() {
    return handedOut;
  }

  @Override
  public Connection getConnection(String username, String password) {
    return handedOut;
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
