package dev.vibegrapher.bench;

import dev.vibegrapher.patch.control.PatchApplier;
import dev.vibegrapher.patch.control.PatchApplier.AppliedPatch;
import dev.vibegrapher.patch.control.PatchRejected;
import dev.vibegrapher.patch.control.PatchValidation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of submit_patch's validation on a Python file of 100, 1,000 and 10,000 lines with a
 * three-hunk LLM-style patch (headerless, line numbers a few lines off): applying alone, applying
 * plus the CPython syntax check, the check alone, and, as the floor of any one-process-per-check
 * design, starting python3 and waiting for it. Run with bench/patch-jmh.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PatchBenchmark {

  @Param({"100", "1000", "10000"})
  public int lines;

  private String code;
  private String diff;
  private String patched;
  private PatchValidation validation;

  @Setup(Level.Trial)
  public void setUp() throws PatchRejected {
    code = PythonModule.lines(lines);
    diff = PythonModule.threeHunkPatch(code);
    validation =
        PatchValidation.with(System.getProperty("python", "python3"), Duration.ofSeconds(10));
    patched =
        validation
            .validate("tools.py", code, diff)
            .patchedCode(); // fails the trial if the patch is wrong
  }

  @Benchmark
  public AppliedPatch apply() throws PatchRejected {
    return PatchApplier.apply("tools.py", code, diff);
  }

  @Benchmark
  public AppliedPatch applyAndCheckPython() throws PatchRejected {
    return validation.validate("tools.py", code, diff);
  }

  @Benchmark
  public Optional<String> checkPythonOnly() throws PatchRejected {
    return validation.syntaxError("tools.py", patched);
  }

  /** What any design that starts python3 per check pays before compiling a line. */
  @Benchmark
  public int startPythonProcess() throws IOException, InterruptedException {
    return new ProcessBuilder(System.getProperty("python", "python3"), "-I", "-S", "-c", "pass")
        .start()
        .waitFor();
  }

  /** Realistic generated Python: tool classes of the kind an agent project has, 25 lines each. */
  static final class PythonModule {

    private static final String HEADER =
        """
        \"""Order tools for the support agent: each tool looks up one kind of record.\"""

        import json
        import logging

        log = logging.getLogger(__name__)


        """;

    private static final String TOOL =
        """
        class OrderTool%1$d:
            \"""Looks up records of kind %1$d for the support agent.\"""

            name = "order_tool_%1$d"

            def __init__(self, client, retries=3):
                self.client = client
                self.retries = retries

            def run(self, query):
                attempt = 0
                while attempt < self.retries:
                    try:
                        result = self.client.get("/records/%1$d", params={"q": query})
                        return self._format(result)
                    except TimeoutError:
                        attempt += 1
                        log.warning("tool %%s timed out (attempt %%d)", self.name, attempt)
                return None

            def _format(self, result):
                return json.dumps(result, sort_keys=True)


        """;

    private PythonModule() {}

    static String lines(int count) {
      StringBuilder module = new StringBuilder(HEADER);
      int tool = 0;
      while (module.toString().lines().count() + 25 <= count) {
        module.append(String.format(TOOL, tool++));
      }
      List<String> all = new ArrayList<>(module.toString().lines().toList());
      while (all.size() < count) {
        all.add("TOOL_COUNT = " + tool);
      }
      return String.join("\n", all.subList(0, count)) + "\n";
    }

    /**
     * Changes the retry loop of three tools spread through the file; @@ numbers 4 lines off, no
     * file headers.
     */
    static String threeHunkPatch(String code) {
      long tools = code.lines().filter(line -> line.startsWith("class OrderTool")).count();
      StringBuilder diff = new StringBuilder();
      for (long tool : new long[] {0, tools / 2, tools - 1}) {
        List<String> lines = code.lines().toList();
        int at =
            lines.indexOf(
                "                result = self.client.get(\"/records/"
                    + tool
                    + "\", params={\"q\": query})");
        diff.append("@@ -")
            .append(at - 2 + 4)
            .append(",6 +")
            .append(at - 2 + 4)
            .append(",7 @@ def run(self, query):\n")
            .append("         while attempt < self.retries:\n")
            .append("             try:\n")
            .append("-                result = self.client.get(\"/records/")
            .append(tool)
            .append("\", params={\"q\": query})\n")
            .append("+                result = self.client.get(\"/records/")
            .append(tool)
            .append("\", params={\"q\": query}, timeout=5)\n")
            .append("+                log.debug(\"tool %s answered\", self.name)\n")
            .append("                 return self._format(result)\n")
            .append("             except TimeoutError:\n");
      }
      return diff.toString();
    }
  }
}
