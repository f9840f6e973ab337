package dev.vibegrapher.sandbox.control;

import dev.vibegrapher.sandbox.entity.SandboxLimits;
import dev.vibegrapher.sandbox.entity.SandboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts python3 processes in the sandbox ({@link SandboxCommand}). Whether the sandbox can be set
 * up is probed once, at start, by running python3 in it; when it cannot, every start is refused
 * ({@link SandboxUnavailable}) and readiness is down ({@link SandboxHealth}). Only the operator's
 * explicit {@code vibegrapher.sandbox.mode=off} runs code without it, with a warning at start and
 * at every process.
 */
@ApplicationScoped
public class Sandbox {

  private static final Logger LOG = Logger.getLogger(Sandbox.class.getName());
  private static final String PROBE_ANSWER = "sandbox-ok";
  private static final String OFF_WARNING =
      "vibegrapher.sandbox.mode=off: running code a user or an LLM wrote WITHOUT a sandbox,"
          + " with the server's rights (its files, its network, its secrets)";

  @Inject
  @ConfigProperty(name = "vibegrapher.sandbox.mode")
  String mode;

  @Inject
  @ConfigProperty(name = "vibegrapher.sandbox.bwrap")
  String bwrap;

  @Inject
  @ConfigProperty(name = "vibegrapher.python")
  String python;

  @Inject
  @ConfigProperty(name = "vibegrapher.sandbox.memory-bytes")
  long memoryBytes;

  @Inject
  @ConfigProperty(name = "vibegrapher.sandbox.processes")
  int processes;

  @Inject
  @ConfigProperty(name = "vibegrapher.sandbox.cpu-seconds")
  long cpuSeconds;

  @Inject
  @ConfigProperty(name = "vibegrapher.sandbox.file-bytes")
  long fileBytes;

  @Inject
  @ConfigProperty(name = "vibegrapher.sandbox.scratch-bytes")
  long scratchBytes;

  private SandboxState state;
  private String bwrapPath;
  private String setprivPath;

  void atStart(@Observes Startup startup) {
    state();
  }

  /** Whether code can run here, probed once. */
  public synchronized SandboxState state() {
    if (state == null) {
      state = probe();
    }
    return state;
  }

  /**
   * Refuses (503 sandbox-unavailable) when code cannot run here; warns when it runs unsandboxed.
   */
  public void require() {
    SandboxState now = state();
    if (!now.usable()) {
      throw new SandboxUnavailable(now.reason());
    }
    if (!now.enforced()) {
      LOG.warning(OFF_WARNING);
    }
  }

  /**
   * A python3 process with {@code arguments}, not yet started, with the sandbox's limits. Under
   * {@code root} (may be null): directories bound read-only at /name, and {@code work/}, whose
   * files are bound read-only into the working directory /work. Arguments name files relative to
   * /work (../runner/x.py), which holds without the sandbox too (the working directory is then
   * {@code root/work}). The CPU limit is left out for a long-lived process, which its caller's
   * timeout bounds instead.
   */
  public ProcessBuilder python(Path root, List<String> arguments, boolean cpuLimited)
      throws IOException {
    require();
    return command(state().enforced(), root, arguments, cpuLimited);
  }

  private ProcessBuilder command(
      boolean enforced, Path root, List<String> arguments, boolean cpuLimited) throws IOException {
    List<String> command = new ArrayList<>(List.of(python));
    command.addAll(arguments);
    ProcessBuilder builder;
    if (!enforced) {
      builder = new ProcessBuilder(command);
      if (root != null) {
        builder.directory(root.resolve("work").toFile());
      }
      builder.environment().clear();
      builder
          .environment()
          .putAll(
              Map.of(
                  "PATH",
                  "/usr/local/bin:/usr/bin:/bin",
                  "LANG",
                  "C.UTF-8",
                  "HOME",
                  root == null ? "/tmp" : root.resolve("work").toString(),
                  "PYTHONDONTWRITEBYTECODE",
                  "1",
                  "PYTHONIOENCODING",
                  "utf-8"));
      return builder;
    }
    Map<String, Path> directories = new TreeMap<>();
    Map<String, Path> workFiles = new TreeMap<>();
    if (root != null) {
      readableByNobody(root);
      try (Stream<Path> children = Files.list(root)) {
        children
            .filter(Files::isDirectory)
            .filter(child -> !child.getFileName().toString().equals("work"))
            .forEach(child -> directories.put(child.getFileName().toString(), child));
      }
      Path work = root.resolve("work");
      if (Files.isDirectory(work)) {
        try (Stream<Path> files = Files.walk(work)) {
          files
              .filter(Files::isRegularFile)
              .forEach(file -> workFiles.put(work.relativize(file).toString(), file));
        }
      }
    }
    SandboxLimits limits =
        new SandboxLimits(memoryBytes, processes, cpuSeconds, fileBytes, scratchBytes);
    builder =
        new ProcessBuilder(
            SandboxCommand.of(
                bwrapPath,
                setprivPath,
                cpuLimited ? limits : limits.withoutCpuLimit(),
                directories,
                workFiles,
                command));
    // Nothing of the server's environment reaches bubblewrap: it is the sandbox's PID 1, and its
    // /proc/1/environ is readable inside.
    builder.environment().clear();
    return builder;
  }

  // When bubblewrap starts as nobody (the server runs as root), it must be able to read what it
  // binds.
  private void readableByNobody(Path root) throws IOException {
    if (setprivPath == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        Files.setPosixFilePermissions(
            path,
            PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  private SandboxState probe() {
    if ("off".equals(mode)) {
      LOG.warning(OFF_WARNING);
      return SandboxState.switchedOff();
    }
    if (!"on".equals(mode)) {
      return unavailable(
          "vibegrapher.sandbox.mode is neither on nor off", "the mode is \"" + mode + "\"");
    }
    Optional<Path> found = executable(bwrap);
    if (found.isEmpty()) {
      return unavailable(
          "bubblewrap (bwrap) is not installed",
          "no executable \"" + bwrap + "\" (setting vibegrapher.sandbox.bwrap)");
    }
    bwrapPath = found.get().toString();
    if (runsAsRoot()) {
      Optional<Path> setpriv = executable("setpriv");
      if (setpriv.isEmpty()) {
        return unavailable(
            "setpriv (util-linux) is not installed; the server runs as root and starts the sandbox as nobody through it",
            "no setpriv on PATH");
      }
      setprivPath = setpriv.get().toString();
    }
    try {
      Process process =
          command(true, null, List.of("-I", "-S", "-c", "print('" + PROBE_ANSWER + "')"), true)
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      String output =
          new String(process.getInputStream().readNBytes(4000), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return unavailable("the sandbox did not start within 10 s", output);
      }
      if (process.exitValue() == 0 && output.equals(PROBE_ANSWER)) {
        LOG.info(
            () ->
                "Test code runs in a sandbox: "
                    + bwrapPath
                    + (setprivPath == null ? "" : ", started as nobody through " + setprivPath));
        return SandboxState.ready();
      }
      if (output.startsWith("bwrap:") || output.startsWith("setpriv:")) {
        return unavailable(
            "bubblewrap cannot create the sandbox on this platform (user namespaces or mounts refused; see docs/deployment.md)",
            output);
      }
      return unavailable(
          "python3 does not run inside the sandbox (it must be found under /usr)", output);
    } catch (IOException cannotStart) {
      return unavailable("bubblewrap (bwrap) could not be started", cannotStart.getMessage());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return unavailable("the sandbox's probe was interrupted", "");
    }
  }

  private static SandboxState unavailable(String reason, String details) {
    LOG.severe(
        () ->
            "The sandbox is unavailable, so test code will not run and readiness is down: "
                + reason
                + ". "
                + details);
    return SandboxState.unavailable(reason);
  }

  private static Optional<Path> executable(String name) {
    if (name.contains("/")) {
      return Optional.of(Path.of(name)).filter(Files::isExecutable);
    }
    String path = System.getenv("PATH");
    return Stream.of((path == null ? "/usr/bin:/bin" : path).split(":"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static boolean runsAsRoot() {
    try {
      // /proc/self belongs to the process's effective uid.
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException unknown) {
      return false;
    }
  }
}
