package dev.vibegrapher.sandbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vibegrapher.sandbox.entity.SandboxLimits;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxCommandTest {

  static final SandboxLimits LIMITS =
      new SandboxLimits(1_073_741_824L, 64, 60, 10_485_760L, 67_108_864L);

  @Test
  void everyNamespaceIsNewAndNothingOfTheServerPassesIn() {
    List<String> line =
        SandboxCommand.of(
            "/usr/bin/bwrap", null, LIMITS, Map.of(), Map.of(), List.of("python3", "-c", "pass"));
    assertEquals("/usr/bin/bwrap", line.get(0));
    for (String flag :
        List.of(
            "--unshare-all",
            "--unshare-user",
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--clearenv")) {
      assertTrue(line.contains(flag), flag);
    }
    assertFollowedBy(line, "--uid", "65534");
    assertFollowedBy(line, "--gid", "65534");
    assertFollowedBy(line, "--proc", "/proc");
    assertFollowedBy(line, "--dev", "/dev");
    assertEquals(
        List.of("--ro-bind", "/usr", "/usr"),
        line.subList(line.indexOf("--ro-bind"), line.indexOf("--ro-bind") + 3));
    assertFalse(String.join(" ", line).contains("/etc"), "no /etc of the host");
    assertFalse(
        line.contains("--bind") || line.contains("--dev-bind") || line.contains("--share-net"),
        "nothing of the host writable, no network");
    assertTrue(
        Collections.indexOfSubList(line, List.of("--remount-ro", "/"))
            > line.lastIndexOf("--tmpfs"),
        "the root is read-only once built");
  }

  @Test
  void writableSpaceIsTwoBoundedTmpfsAndTheCallersFilesAreReadOnly() {
    List<String> line =
        SandboxCommand.of(
            "bwrap",
            null,
            LIMITS,
            Map.of("runner", Path.of("/host/t/runner")),
            Map.of("pkg/main.py", Path.of("/host/t/work/pkg/main.py")),
            List.of("python3"));
    assertTrue(
        Collections.indexOfSubList(line, List.of("--size", "67108864", "--tmpfs", "/tmp")) > 0);
    assertTrue(
        Collections.indexOfSubList(line, List.of("--size", "67108864", "--tmpfs", "/work")) > 0);
    assertTrue(
        Collections.indexOfSubList(line, List.of("--ro-bind", "/host/t/runner", "/runner"))
            > line.indexOf("/work"));
    assertTrue(
        Collections.indexOfSubList(
                line, List.of("--ro-bind", "/host/t/work/pkg/main.py", "/work/pkg/main.py"))
            > 0);
    assertFollowedBy(line, "--chdir", "/work");
    assertFollowedBy(line, "HOME", "/work");
  }

  @Test
  void limitsAreSetInsideBeforeTheProgram() {
    List<String> line =
        SandboxCommand.of("bwrap", null, LIMITS, Map.of(), Map.of(), List.of("python3", "-I"));
    int prlimit = line.indexOf("/usr/bin/prlimit");
    assertEquals(
        List.of(
            "/usr/bin/prlimit",
            "--as=1073741824",
            "--nproc=64",
            "--fsize=10485760",
            "--core=0",
            "--cpu=60",
            "--",
            "python3",
            "-I"),
        line.subList(prlimit, line.size()));
    assertEquals("--", line.get(prlimit - 1), "bubblewrap's options end before the program");
    List<String> longLived =
        SandboxCommand.of(
            "bwrap", null, LIMITS.withoutCpuLimit(), Map.of(), Map.of(), List.of("python3"));
    assertTrue(
        longLived.stream().noneMatch(argument -> argument.startsWith("--cpu")),
        longLived.toString());
  }

  @Test
  void aServerRunningAsRootStartsTheSandboxAsNobody() {
    List<String> line =
        SandboxCommand.of(
            "/usr/bin/bwrap", "/usr/bin/setpriv", LIMITS, Map.of(), Map.of(), List.of("python3"));
    assertEquals(
        List.of(
            "/usr/bin/setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            "/usr/bin/bwrap"),
        line.subList(0, 6));
  }

  @Test
  void bindsCannotReplaceTheSandboxsOwnDirectoriesOrLeaveWork() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SandboxCommand.of(
                "bwrap", null, LIMITS, Map.of("usr", Path.of("/x")), Map.of(), List.of("python3")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SandboxCommand.of(
                "bwrap",
                null,
                LIMITS,
                Map.of("../etc", Path.of("/x")),
                Map.of(),
                List.of("python3")));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SandboxCommand.of(
                "bwrap",
                null,
                LIMITS,
                Map.of(),
                Map.of("../runner/run.py", Path.of("/x")),
                List.of("python3")));
  }

  private static void assertFollowedBy(List<String> line, String flag, String value) {
    int at = line.indexOf(flag);
    assertTrue(at >= 0 && value.equals(line.get(at + 1)), flag + " " + value + " in " + line);
  }
}
