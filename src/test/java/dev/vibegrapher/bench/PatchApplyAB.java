package dev.vibegrapher.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Apply time of two builds of the applier in one JVM (bench/patch-ab.sh): each build's classes in a
 * class loader of its own, {@code PatchApplier.apply} on {@link PatchBenchmark}'s module and
 * three-hunk patch, alternating 100 ms slices so that a shared machine's load changes hit both
 * alike (JMH runs one after the other scattered by a factor of 3 under load).
 *
 * <p>Arguments: the before build's root (holding {@code classes} and {@code test-classes}), the
 * after build's root, the libraries' class path, the file's lines, the seconds to run.
 */
public final class PatchApplyAB {

  private PatchApplyAB() {}

  public static void main(String[] arguments) throws Exception {
    int lines = Integer.parseInt(arguments[3]);
    long seconds = Long.parseLong(arguments[4]);
    Method[] apply = new Method[2];
    Object[][] calls = new Object[2][];
    for (int build = 0; build < 2; build++) {
      List<URL> urls = new ArrayList<>();
      urls.add(Path.of(arguments[build], "test-classes").toUri().toURL());
      urls.add(Path.of(arguments[build], "classes").toUri().toURL());
      for (String library : arguments[2].split(":")) {
        urls.add(Path.of(library).toUri().toURL());
      }
      ClassLoader loader =
          new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
      Class<?> module =
          Class.forName("dev.vibegrapher.bench.PatchBenchmark$PythonModule", true, loader);
      Method code = module.getDeclaredMethod("lines", int.class);
      code.setAccessible(true);
      Method patch = module.getDeclaredMethod("threeHunkPatch", String.class);
      patch.setAccessible(true);
      String source = (String) code.invoke(null, lines);
      calls[build] = new Object[] {"tools.py", source, patch.invoke(null, source)};
      apply[build] =
          Class.forName("dev.vibegrapher.patch.control.PatchApplier", true, loader)
              .getMethod("apply", String.class, String.class, String.class);
    }
    long[] nanos = new long[2];
    long[] applies = new long[2];
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    for (int slice = 0; System.nanoTime() < end; slice++) {
      int build = slice % 2;
      long start = System.nanoTime();
      long now;
      long count = 0;
      do {
        apply[build].invoke(null, calls[build]);
        count++;
        now = System.nanoTime();
      } while (now < start + 100_000_000L);
      if (slice >= 40) { // the first 4 s warm both up
        nanos[build] += now - start;
        applies[build] += count;
      }
    }
    double before = nanos[0] / (double) applies[0] / 1000;
    double after = nanos[1] / (double) applies[1] / 1000;
    System.out.printf(
        "lines=%d before %.1f us/apply, after %.1f us/apply, after/before %.0f%%%n",
        lines, before, after, 100 * after / before);
  }
}
