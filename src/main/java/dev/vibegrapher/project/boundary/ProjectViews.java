package dev.vibegrapher.project.boundary;

import dev.vibegrapher.client.agent.UsageTotals;
import dev.vibegrapher.client.project.CommitResponse;
import dev.vibegrapher.client.project.ProjectResponse;
import dev.vibegrapher.client.project.ProjectSummary;
import dev.vibegrapher.client.project.TestCaseResponse;
import dev.vibegrapher.git.entity.CommitEntry;
import dev.vibegrapher.project.entity.ProjectState;
import dev.vibegrapher.project.entity.TestCase;

/** Projects, their commits and test cases as the wire shows them. */
final class ProjectViews {

  private ProjectViews() {}

  static ProjectResponse project(ProjectState state, UsageTotals totals) {
    var project = state.project();
    var head = state.head();
    return new ProjectResponse(
        project.id(),
        project.name(),
        project.slug(),
        project.filename(),
        head == null ? null : head.fileContent(),
        head == null ? null : head.commit(),
        head == null ? null : head.branch(),
        project.createdAt(),
        project.updatedAt(),
        totals);
  }

  static ProjectSummary summary(ProjectState state, UsageTotals totals) {
    var project = state.project();
    var head = state.head();
    return new ProjectSummary(
        project.id(),
        project.name(),
        project.slug(),
        project.filename(),
        head == null ? null : head.commit(),
        head == null ? null : head.branch(),
        project.createdAt(),
        project.updatedAt(),
        totals);
  }

  static CommitResponse commit(CommitEntry entry) {
    return new CommitResponse(
        entry.sha(), entry.message(), entry.authorName(), entry.authorEmail(), entry.committedAt());
  }

  static TestCaseResponse testCase(TestCase test) {
    return new TestCaseResponse(
        test.id(),
        test.projectId(),
        test.name(),
        test.code(),
        test.quickTest(),
        test.createdAt(),
        test.updatedAt());
  }
}
