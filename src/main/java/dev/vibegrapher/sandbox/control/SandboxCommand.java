package dev.vibegrapher.sandbox.control;

import dev.vibegrapher.sandbox.entity.SandboxLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bubblewrap command line, and nothing else: what the sandboxed process sees and may use.
 *
 * <ul>
 *   <li>Every namespace is new (user, PID, mount, network, IPC, UTS, cgroup): it sees only its own
 *       processes, has no network but a loopback that is down, and cannot signal the host's.
 *   <li>The root is an empty tmpfs, remounted read-only, holding only /usr (read-only, with the
 *       /lib, /lib64, /bin links of a merged-/usr system): the interpreter and its standard
 *       library. No /etc: python3 needs neither the loader cache (the loader then searches the
 *       default directories) nor /etc/localtime (time is UTC) nor /etc/passwd (no user lookups in
 *       tests).
 *   <li>Its own /proc (its PID namespace only) and a minimal /dev (null, zero, full, random,
 *       urandom, tty), the latter read-only so that /dev/shm holds nothing.
 *   <li>Writable: only /tmp and the working directory /work, each a tmpfs of bounded size, so a
 *       test can fill neither the host's disk nor its memory. The caller's files are bound
 *       read-only.
 *   <li>No environment of the server ({@code --clearenv}; the caller also starts bubblewrap itself
 *       with an empty environment, since the sandbox's PID 1 is bubblewrap and its /proc/1/environ
 *       shows what bubblewrap was started with).
 *   <li>uid and gid 65534 inside; no nested user namespaces; a new session (no TIOCSTI into a
 *       terminal); killed with its parent ({@code --die-with-parent}: killing bubblewrap kills the
 *       namespace's PID 1, and with it every process of the namespace, setsid or not).
 *   <li>Limits set by prlimit inside, soft and hard alike: address space, processes (counted in the
 *       sandbox's user namespace, so they bind whenever bubblewrap does not run as root: a server
 *       running as root starts it through setpriv as nobody), CPU seconds, file size, no core
 *       dumps.
 * </ul>
 */
public final class SandboxCommand {

  /** The working directory inside, also HOME: writable, empty but for the caller's files. */
  public static final String WORK = "/work";

  static final String NOBODY = "65534";
  private static final Set<String> RESERVED =
      Set.of("usr", "lib", "lib64", "bin", "proc", "dev", "tmp", "work");

  private SandboxCommand() {}

  /**
   * @param bwrap bubblewrap's path
   * @param setpriv setpriv's path when the server runs as root (bubblewrap then starts as nobody),
   *     else null
   * @param directories directories bound read-only at /name (top-level names of our own, such as
   *     "runner")
   * @param workFiles files bound read-only into /work, by their path relative to it
   * @param command the program inside and its arguments; the program is looked up on /usr/bin:/bin
   */
  public static List<String> of(
      String bwrap,
      String setpriv,
      SandboxLimits limits,
      Map<String, Path> directories,
      Map<String, Path> workFiles,
      List<String> command) {
    List<String> line = new ArrayList<>();
    if (setpriv != null) {
      line.addAll(
          List.of(setpriv, "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    line.addAll(
        List.of(
            bwrap,
            "--unshare-all",
            "--unshare-user",
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--uid",
            NOBODY,
            "--gid",
            NOBODY,
            "--hostname",
            "sandbox",
            "--clearenv",
            "--setenv",
            "PATH",
            "/usr/bin:/bin",
            "--setenv",
            "HOME",
            WORK,
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--setenv",
            "PYTHONDONTWRITEBYTECODE",
            "1",
            "--setenv",
            "PYTHONIOENCODING",
            "utf-8",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--symlink",
            "usr/bin",
            "/bin",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--size",
            Long.toString(limits.scratchBytes()),
            "--tmpfs",
            "/tmp",
            "--size",
            Long.toString(limits.scratchBytes()),
            "--tmpfs",
            WORK));
    directories.forEach(
        (name, source) -> {
          if (RESERVED.contains(name) || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("Not a name to bind at the sandbox's root: " + name);
          }
          line.addAll(List.of("--ro-bind", source.toString(), "/" + name));
        });
    workFiles.forEach(
        (relative, source) -> {
          Path inside = Path.of(WORK).resolve(relative).normalize();
          if (!inside.startsWith(WORK) || inside.equals(Path.of(WORK))) {
            throw new IllegalArgumentException("Not a path inside " + WORK + ": " + relative);
          }
          line.addAll(List.of("--ro-bind", source.toString(), inside.toString()));
        });
    line.addAll(List.of("--remount-ro", "/", "--remount-ro", "/dev", "--chdir", WORK, "--"));
    line.addAll(
        List.of(
            "/usr/bin/prlimit",
            "--as=" + limits.memoryBytes(),
            "--nproc=" + limits.processes(),
            "--fsize=" + limits.fileBytes(),
            "--core=0"));
    if (limits.cpuSeconds() > 0) {
      line.add("--cpu=" + limits.cpuSeconds());
    }
    line.add("--");
    line.addAll(command);
    return List.copyOf(line);
  }
}
