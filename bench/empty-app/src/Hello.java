package floor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;

/** The floor for start-up and memory: one JAX-RS class on the same Payara Micro. */
@ApplicationPath("api")
@Path("hello")
public class Hello extends Application {
  @GET
  public String hello() {
    return "hello";
  }
}
