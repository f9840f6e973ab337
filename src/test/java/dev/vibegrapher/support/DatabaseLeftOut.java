package dev.vibegrapher.support;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Reports each invocation of a test for a database that -Dit.databases leaves out as skipped, so
 * the build's "Skipped:" count and its report name every one ("NOT RUN: ..."), and at the end of
 * the run prints how many there were. Without it, narrowing the run would make half the suite
 * vanish unnoticed. A full run skips nothing and prints nothing.
 */
public final class DatabaseLeftOut implements InvocationInterceptor {

  private static final AtomicInteger LEFT_OUT = new AtomicInteger();

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    for (Object argument : invocationContext.getArguments()) {
      if (argument instanceof Flavor flavor && !flavor.isEnabled()) {
        invocation.skip();
        throw new TestAbortedException(counted(extensionContext, flavor, 1));
      }
    }
    invocation.proceed();
  }

  /**
   * Counts tests that the database left out does not run (one, or a component test class's), for
   * the summary at the end; returns the reason to report them with.
   */
  static String counted(ExtensionContext context, Flavor flavor, int tests) {
    LEFT_OUT.addAndGet(tests);
    // Closed when the whole test run ends: the count goes out once, after every test.
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Summary.class, key -> new Summary(), Summary.class);
    return "NOT RUN: -Dit.databases=" + Flavor.wanted() + " leaves " + flavor + " out";
  }

  private static final class Summary implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      String line =
          "*** "
              + LEFT_OUT.get()
              + " database test(s) did NOT run: -Dit.databases="
              + Flavor.wanted()
              + " (reported as skipped, marked NOT RUN); a full run covers H2 and PostgreSQL ***";
      System.err.println(line);
    }
  }
}
