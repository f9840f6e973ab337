package dev.vibegrapher.session.control;

import dev.vibegrapher.platform.control.Drainable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** At a stop, the runs working here finish; new messages are refused meanwhile (503). */
@ApplicationScoped
public class RunsDrain implements Drainable {

  @Inject ActiveRuns activeRuns;

  @Override
  public void stopTaking() {
    activeRuns.stop();
  }

  @Override
  public boolean idle() {
    return activeRuns.working().isEmpty();
  }
}
