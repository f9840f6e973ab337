package dev.vibegrapher.git.control;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A data source that counts the statements prepared on its connections and can run something once
 * just before a statement that starts with a given text: how a test puts another instance's write
 * exactly between this one's read and its compare-and-set, without timing.
 */
final class WatchedDataSource {

  private final DataSource watched;
  private final AtomicInteger statements = new AtomicInteger();
  private final List<String> prepared = new CopyOnWriteArrayList<>();
  private final AtomicReference<Interruption> interruption = new AtomicReference<>();

  private record Interruption(String statementStart, Runnable action) {}

  WatchedDataSource(DataSource dataSource) {
    watched =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, arguments) -> {
                  Object result = invoke(dataSource, method, arguments);
                  return result instanceof Connection connection ? watch(connection) : result;
                });
  }

  DataSource dataSource() {
    return watched;
  }

  int statements() {
    return statements.get();
  }

  /** The SQL of every statement prepared so far, in order: what a test names when counts differ. */
  List<String> prepared() {
    return List.copyOf(prepared);
  }

  /** Runs {@code action} once, before the next statement whose SQL starts with the text given. */
  void before(String statementStart, Runnable action) {
    interruption.set(new Interruption(statementStart, action));
  }

  private Connection watch(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, arguments) -> {
              if (method.getName().equals("prepareStatement")) {
                statements.incrementAndGet();
                prepared.add((String) arguments[0]);
                Interruption planned = interruption.get();
                if (planned != null
                    && ((String) arguments[0]).startsWith(planned.statementStart())
                    && interruption.compareAndSet(planned, null)) {
                  planned.action().run();
                }
              }
              return invoke(connection, method, arguments);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] arguments)
      throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
