package dev.vibegrapher.review.control;

import dev.vibegrapher.client.review.Preview;
import dev.vibegrapher.project.control.ProjectService;
import dev.vibegrapher.project.entity.ProjectState;
import dev.vibegrapher.review.entity.Diff;
import dev.vibegrapher.review.entity.DiffStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What a diff does to the file as it is now on its target branch. */
@ApplicationScoped
public class DiffPreviews {

  @Inject DiffStore diffs;
  @Inject ProjectService projects;
  @Inject BranchTips tips;

  public Preview preview(String id) {
    Diff diff = diffs.get(id);
    ProjectState project = projects.find(diff.projectId());
    String original = tips.tipOf(diff, project).fileContent();
    if (diff.status() == DiffStatus.COMMITTED) {
      return new Preview(null, original, diff.diffContent());
    }
    return new Preview(original, tips.applyToTip(diff, project), diff.diffContent());
  }
}
