package dev.vibegrapher.review.control;

import dev.vibegrapher.git.control.GitRepositories;
import dev.vibegrapher.git.entity.HeadState;
import dev.vibegrapher.patch.control.PatchApplier;
import dev.vibegrapher.patch.control.PatchRejected;
import dev.vibegrapher.project.entity.ProjectState;
import dev.vibegrapher.review.entity.Diff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Where a diff's target branch is now, and the code the diff makes there. */
@ApplicationScoped
public class BranchTips {

  @Inject GitRepositories git;

  static boolean onCheckedOutBranch(Diff diff, ProjectState project) {
    return diff.targetBranch().equals(project.head().branch());
  }

  /** The target branch's commit and file; {@link BranchGone} if the branch was deleted. */
  HeadState tipOf(Diff diff, ProjectState project) {
    if (onCheckedOutBranch(diff, project)) {
      return project.head();
    }
    return git.branchTip(project.repository(), diff.targetBranch(), project.project().filename())
        .orElseThrow(() -> new BranchGone(diff.targetBranch()));
  }

  /** The file at the branch's tip with the diff applied; {@link DiffDoesNotApply} if it fails. */
  String applyToTip(Diff diff, ProjectState project) {
    HeadState tip = tipOf(diff, project);
    try {
      return PatchApplier.apply(project.project().filename(), tip.fileContent(), diff.diffContent())
          .patchedCode();
    } catch (PatchRejected noLongerApplies) {
      throw new DiffDoesNotApply(
          diff.targetBranch(), noLongerApplies.getMessage(), diff.baseCommit(), tip.commit());
    }
  }
}
