package dev.vibegrapher.review.boundary;

import dev.vibegrapher.review.control.CommitGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;

/**
 * Closes the commit gate when the REST layer is shut down, and holds that shutdown until the
 * commits in flight are done: Payara takes the JAX-RS servlet down before the application's CDI
 * shutdown, so a commit drained only then finished in git and the database but its client got a 500
 * from a REST layer already gone.
 */
@Provider
@ApplicationScoped
public class ShutdownDrain implements ContainerLifecycleListener {

  @Inject CommitGate gate;

  @Override
  public void onStartup(Container container) {}

  @Override
  public void onReload(Container container) {}

  @Override
  public void onShutdown(Container container) {
    gate.closeAndDrain();
  }
}
