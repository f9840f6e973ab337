package dev.vibegrapher.patch.control;

import dev.vibegrapher.patch.control.HunkLocator.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Hunks a model sent out of file order (it often edits the bottom of a file first). Read in diff
 * order they would have to be refused; they are applied as if sorted by where they go when that
 * place is certain for each hunk on its own (see {@link HunkLocator#locateAlone}) and no two of
 * them touch the same lines, so that the order cannot change what any of them does. Otherwise the
 * refusal says which hunk is in the way and why.
 */
final class HunkOrder {

  private HunkOrder() {}

  static List<Placement> inFileOrder(
      List<Hunk> hunks,
      List<String> code,
      Supplier<Indentation> indentation,
      HunkLocator.OutOfOrder inDiffOrder)
      throws PatchRejected {
    List<Placement> placements = new ArrayList<>();
    for (int index = 0; index < hunks.size(); index++) {
      try {
        placements.add(HunkLocator.locateAlone(hunks.get(index), index + 1, code, indentation));
      } catch (PatchRejected alone) {
        throw new PatchRejected(inDiffOrder.getMessage() + ". " + alone.getMessage());
      }
    }
    placements.sort(Comparator.comparingInt(Placement::at));
    for (int i = 1; i < placements.size(); i++) {
      Placement before = placements.get(i - 1);
      Placement after = placements.get(i);
      // Sharing even a context line would make the result depend on which hunk is applied first.
      boolean overlap =
          after.at() < before.end()
              // Where one hunk's additions end and the next one's begin at the same line, their
              // order is a guess too.
              || after.at() == before.end()
                  && endsWithAddition(before.hunk())
                  && after.hunk().leadingContext() == 0;
      if (overlap) {
        throw new PatchRejected(
            inDiffOrder.getMessage()
                + ". H"
                + describe(after).substring(1)
                + " and "
                + describe(before)
                + " overlap"
                + (after.at() < before.end()
                    ? " (both cover line " + (after.at() + 1) + ")"
                    : " (both add lines at line " + (after.at() + 1) + ")")
                + ", so the order they are applied in would change the result: do not let two hunks"
                + " change the same lines; send one hunk for them, against the current code.");
      }
    }
    return placements;
  }

  private static boolean endsWithAddition(Hunk hunk) {
    return hunk.lines().get(hunk.lines().size() - 1).startsWith("+");
  }

  private static String describe(Placement placement) {
    int first = placement.at() + 1;
    int last = Math.max(first, placement.end());
    return "hunk "
        + placement.number()
        + (first == last ? " (line " + first + ")" : " (lines " + first + "-" + last + ")");
  }
}
