package dev.vibegrapher.support;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The one deployment of every component test: the build's complete WAR (target/vibegrapher.war, as
 * an operator deploys it), plus the test class and what runs it inside the server. Nothing of the
 * application is listed by hand: what the tests exercise is exactly what ships.
 */
public final class ComponentDeployment {

  private ComponentDeployment() {}

  public static WebArchive of(Class<?> testClass) {
    File war = new File(System.getProperty("vibegrapher.war", "target/vibegrapher.war"));
    if (!war.isFile()) {
      throw new IllegalStateException(
          "No "
              + war
              + ": the component tests deploy the built WAR; run them through Maven (mvn verify)");
    }
    return ShrinkWrap.createFromZipFile(WebArchive.class, war)
        .addClasses(withNested(testClass))
        // What the server needs to run the test class's extensions inside it.
        .addClasses(ComponentTest.class, ComponentServer.class, Flavor.class);
  }

  private static Class<?>[] withNested(Class<?> type) {
    List<Class<?>> classes = new ArrayList<>();
    classes.add(type);
    for (Class<?> nested : type.getDeclaredClasses()) {
      classes.addAll(List.of(withNested(nested)));
    }
    return classes.toArray(Class<?>[]::new);
  }
}
