package dev.vibegrapher.git.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vibegrapher.git.entity.Author;
import dev.vibegrapher.git.entity.CommitEntry;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.git.entity.RepositoryFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoriesTest {

  private static final Author HUMAN = new Author("Rita Reviewer", "rita@example.com");

  @TempDir Path temp;
  GitRepositories cut;
  Path repository;

  @BeforeEach
  void setUp() throws Exception {
    cut = new GitRepositories();
    cut.authorName = "Test Author";
    cut.authorEmail = "author@example.org";
    repository = Files.createDirectory(temp.resolve("demo"));
  }

  @AfterEach
  void tearDown() {
    cut.closeAll();
  }

  @Test
  void createsARepositoryWithOneCommitOnMain() throws Exception {
    String commit =
        cut.create(repository, "main.py", "print('hi')\n", "Initial project setup").commit();

    try (Git git = Git.open(repository.toFile())) {
      RevCommit head = git.log().call().iterator().next();
      assertEquals(commit, head.getName());
      assertEquals("Initial project setup", head.getFullMessage());
      assertEquals("Test Author", head.getAuthorIdent().getName());
      assertEquals("author@example.org", head.getCommitterIdent().getEmailAddress());
      assertEquals("main", git.getRepository().getBranch());
      assertTrue(git.getRepository().isBare(), "a work tree would only go stale");
      assertEquals(
          List.of("commit (initial): Initial project setup"),
          git.reflog().setRef("refs/heads/main").call().stream()
              .map(entry -> entry.getComment())
              .toList());
    }
    assertEquals(
        Optional.of(new HeadState(commit, "main", "print('hi')\n")),
        cut.head(repository, "main.py"));
  }

  @Test
  void aNewRepositoryIsOneThatGitItselfReadsAndChecks() throws Exception {
    assumeTrue(gitOnPath(), "needs the git command");
    HeadState created =
        cut.create(
            repository,
            "src/app/main.py",
            "print('hi')\n",
            "Initial project setup\n\nWith a body.");

    assertEquals("", git("fsck", "--strict", "--no-dangling"));
    assertEquals(created.commit() + " Initial project setup", git("log", "--format=%H %s"));
    assertEquals("Test Author <author@example.org>", git("log", "--format=%an <%ae>"));
    assertEquals("main", git("rev-parse", "--abbrev-ref", "HEAD"));
    assertEquals("print('hi')", git("show", "HEAD:src/app/main.py"));
    assertTrue(
        git("ls-tree", "-r", "HEAD").startsWith("100644 blob "), "a regular file in the tree");
    assertEquals(
        created.commit().substring(0, 7) + " HEAD@{0}: commit (initial): Initial project setup",
        git("reflog", "-n", "1", "--abbrev=7"));
    assertEquals("true", git("config", "core.bare"));
    assertEquals("true", git("rev-parse", "--is-bare-repository"));

    // Later commits are written in core, on top of what was written by hand.
    String second = cut.commitFile(repository, "src/app/main.py", "print('bye')\n", "two", HUMAN);
    assertEquals(second, git("rev-parse", "HEAD"));
    assertEquals(
        "Rita Reviewer <rita@example.com> by Test Author <author@example.org>",
        git("log", "-1", "--format=%an <%ae> by %cn <%ce>"),
        "the person who decided is the author, the server the committer");
    assertEquals(
        List.of(second, created.commit()),
        cut.log(repository, "main", 10, null).stream().map(CommitEntry::sha).toList());
    assertEquals(
        List.of(created.commit()),
        cut.log(repository, "main", 10, second).stream().map(CommitEntry::sha).toList(),
        "a page starts below before");
    assertEquals("Rita Reviewer", cut.log(repository, "main", 1, null).get(0).authorName());
    assertEquals(List.of(), cut.log(repository, "no-such-branch", 10, null));
    assertEquals("", git("fsck", "--strict", "--no-dangling"));
    assertEquals("print('bye')", git("show", "HEAD:src/app/main.py"));
    assertEquals(
        second.substring(0, 7) + " HEAD@{0}: commit: two", git("reflog", "-n", "1", "--abbrev=7"));
  }

  /**
   * Commits, reverts and resets read and write the object and ref databases only: a work tree and
   * its index, where a repository still has them, stay byte for byte as they were (stale, and
   * nothing reads them).
   */
  @Test
  void theWorkTreeAndTheIndexAreNeverWritten() throws Exception {
    String first = RepositoriesWithWorkTree.create(repository, "main.py", "v1\n");
    Path index = repository.resolve(".git/index");
    byte[] indexBefore = Files.readAllBytes(index);
    Files.writeString(repository.resolve("untracked.txt"), "mine");

    String second = cut.commitFile(repository, "main.py", "v2\n", "two", HUMAN);
    String third = cut.commitFile(repository, "pkg/new.py", "new\n", "three", HUMAN);
    cut.revert(repository, second, "undo two", HUMAN).orElseThrow();
    cut.resetHard(repository, third);
    cut.branchFromHead(repository, "side", "main.py");
    cut.commitOnBranch(repository, "side", third, "main.py", "side\n", "side", HUMAN).orElseThrow();

    assertTrue(java.util.Arrays.equals(indexBefore, Files.readAllBytes(index)), "index written");
    assertEquals("v1\n", Files.readString(repository.resolve("main.py")));
    assertFalse(Files.exists(repository.resolve("pkg")), "no file of a commit is checked out");
    assertEquals("mine", Files.readString(repository.resolve("untracked.txt")));
    assertEquals(
        Optional.of(new HeadState(third, "main", "v2\n")), cut.head(repository, "main.py"));
    assertNotEquals(first, third);
  }

  @Test
  void aNewRepositoryIsReadFromTheCacheWithoutOpeningIt() {
    HeadState created = cut.create(repository, "main.py", "print('hi')\n", "one");
    assertEquals(Optional.of(created), cut.head(repository, "main.py"));
    assertEquals(new HeadState(created.commit(), "main", "print('hi')\n"), created);
  }

  @Test
  void aNewRepositoryNeedsASafeFileName() {
    assertThrows(
        IllegalArgumentException.class,
        () -> cut.create(repository, "../outside.py", "x", "escape"));
    assertFalse(Files.exists(temp.resolve("outside.py")));
  }

  private static boolean gitOnPath() {
    try {
      return new ProcessBuilder("git", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private String git(String... arguments) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repository.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output =
        new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .strip();
    assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    return output;
  }

  @Test
  void commitsMoveHeadAndReadsFollowIt() throws Exception {
    // A repository with a work tree, where someone may still commit with plain git.
    String first = RepositoriesWithWorkTree.create(repository, "main.py", "v1\n");
    String second = cut.commitFile(repository, "main.py", "v2\n", "two", HUMAN);

    assertNotEquals(first, second);
    assertEquals(
        new HeadState(second, "main", "v2\n"), cut.head(repository, "main.py").orElseThrow());
    assertEquals(Optional.of("v2\n"), cut.readFile(repository, "main.py"));

    // A commit by someone else, through plain git: the cached head must notice it.
    String third;
    try (Git git = Git.open(repository.toFile())) {
      Files.writeString(repository.resolve("main.py"), "v3\n");
      git.add().addFilepattern("main.py").call();
      third = git.commit().setMessage("three").setSign(false).call().getName();
    }
    assertEquals(
        new HeadState(third, "main", "v3\n"), cut.head(repository, "main.py").orElseThrow());
  }

  @Test
  void listsTheHeadTreeWithSizes() {
    cut.create(repository, "main.py", "12345", "one");
    cut.commitFile(repository, "pkg/util.py", "abc", "two", HUMAN);

    assertEquals(
        List.of(new RepositoryFile("main.py", 5), new RepositoryFile("pkg/util.py", 3)),
        cut.listFiles(repository));
  }

  @Test
  void neverReadsOutsideTheTree() throws Exception {
    cut.create(repository, "main.py", "code", "one");
    Files.writeString(temp.resolve("secret.txt"), "secret");
    Files.writeString(repository.resolve("untracked.txt"), "not committed");

    for (String path :
        List.of(
            "../secret.txt",
            "/etc/passwd",
            "./main.py",
            "main.py/..",
            ".git/config",
            ".git/HEAD",
            "config",
            "HEAD",
            "objects",
            "untracked.txt",
            "",
            "pkg",
            "main.py\u0000")) {
      assertEquals(Optional.empty(), cut.readFile(repository, path), path);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> cut.commitFile(repository, "../outside.py", "x", "escape", HUMAN));
    assertFalse(Files.exists(temp.resolve("outside.py")));
  }

  /**
   * A hook planted in the repository (pre-commit, commit-msg, post-commit, in .git/hooks and in a
   * directory named by core.hooksPath) never runs when we commit, revert or commit to another
   * branch. Plain JGit runs the same hook first, so the hook is known to work.
   */
  @Test
  void plantedHooksNeverRun() throws Exception {
    // With a work tree, so that plain JGit can show the hook working.
    RepositoriesWithWorkTree.create(repository, "main.py", "v1\n");
    Path marker = temp.resolve("hook-ran");
    Path elsewhere = Files.createDirectory(temp.resolve("hooks-elsewhere"));
    for (Path hooks : List.of(repository.resolve(".git/hooks"), elsewhere)) {
      Files.createDirectories(hooks);
      for (String hook : List.of("pre-commit", "commit-msg", "post-commit", "prepare-commit-msg")) {
        Path script =
            Files.writeString(
                hooks.resolve(hook), "#!/bin/sh\necho " + hook + " >> '" + marker + "'\n");
        assertTrue(script.toFile().setExecutable(true));
      }
    }
    try (Git plain = Git.open(repository.toFile())) {
      Files.writeString(repository.resolve("other.txt"), "x");
      plain.add().addFilepattern("other.txt").call();
      plain.commit().setMessage("plain JGit").setSign(false).call();
    }
    assertTrue(Files.readString(marker).contains("pre-commit"), "plain JGit runs the planted hook");
    Files.delete(marker);

    String second = cut.commitFile(repository, "main.py", "v2\n", "two", HUMAN);
    cut.revert(repository, second, "undo two", HUMAN);
    cut.branchFromHead(repository, "side", "main.py");
    cut.commitOnBranch(
        repository,
        "side",
        cut.branchTip(repository, "side", "main.py").orElseThrow().commit(),
        "main.py",
        "v3\n",
        "three",
        HUMAN);
    try (Git plain = Git.open(repository.toFile())) {
      plain.getRepository().getConfig().setString("core", null, "hooksPath", elsewhere.toString());
      plain.getRepository().getConfig().save();
    }
    cut.commitFile(repository, "main.py", "v4\n", "four", HUMAN);

    assertFalse(Files.exists(marker), () -> "a hook ran: " + read(marker));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
