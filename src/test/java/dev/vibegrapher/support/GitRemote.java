package dev.vibegrapher.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;

/**
 * A project's repository as git itself sees it, from outside: fetched with the real git command
 * line over the server's clone URL, with the admin token. Repositories are rows of the database;
 * this is how a test reads them without going through the product's own reading code.
 */
public final class GitRemote {

  /** What the git command line said, and how it ended. */
  public record Outcome(int exit, String output) {
    public String line() {
      return output.strip();
    }

    public List<String> lines() {
      return output.lines().toList();
    }
  }

  private GitRemote() {}

  /**
   * A mirror of the project's repository (every branch, bare), opened with JGit; the caller closes
   * it. Fails the test when the server has no such repository.
   */
  public static Git open(RunningApp app, String slug) {
    try {
      Path mirror = Files.createTempDirectory("git-remote-").resolve(slug + ".git");
      Outcome cloned =
          git(mirror.getParent(), "clone", "--mirror", url(app, slug), mirror.toString());
      if (cloned.exit() != 0) {
        throw new AssertionError("git clone of " + slug + " failed: " + cloned.output());
      }
      return Git.open(mirror.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the server has a repository for the slug (git ls-remote finds it). */
  public static boolean exists(RunningApp app, String slug) {
    try {
      return git(Files.createTempDirectory("git-remote-"), "ls-remote", url(app, slug)).exit() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The clone URL with the admin token as the password, as a user would write it. */
  public static String url(RunningApp app, String slug) {
    return app.uri("/git/" + slug + ".git")
        .toString()
        .replace("http://", "http://git:" + app.adminToken() + "@");
  }

  /**
   * The git command line, asking nobody for anything: no prompt, no credential helper, no config of
   * the machine's user; commits are made by a tester.
   */
  public static Outcome git(Path directory, String... arguments) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "credential.helper="));
    command.addAll(List.of("-c", "user.name=Tester", "-c", "user.email=tester@localhost"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("GIT_") || name.endsWith("ASKPASS"));
    environment.put("GIT_TERMINAL_PROMPT", "0");
    environment.put("GIT_CONFIG_NOSYSTEM", "1");
    environment.put("GIT_CONFIG_GLOBAL", "/dev/null");
    try {
      Process process = builder.start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("git " + arguments[0] + " did not end");
      }
      return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
