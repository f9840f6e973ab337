package dev.vibegrapher.platform.boundary;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Times every REST request (Payara's MicroProfile Metrics 5 has no REST metrics of its own). The
 * path tag is the resource method's template, such as /api/projects/{id}, never the raw URI, so the
 * number of series stays bounded; a request no resource matched is tagged "unmatched". Timers are
 * registered on first use of each method, template and status class.
 */
@Provider
@PreMatching
@Priority(1)
@ApplicationScoped
public class RequestMetrics implements ContainerRequestFilter, ContainerResponseFilter {

  private static final String STARTED = RequestMetrics.class.getName() + ".started";
  // Recorded in nanoseconds: the exporter scales them to the seconds its names promise.
  private static final Metadata TIMER =
      Metadata.builder().withName("http_server_requests").withUnit(MetricUnits.NANOSECONDS).build();
  private static final String ROOT =
      "/" + JaxRsActivator.class.getAnnotation(ApplicationPath.class).value();

  @Inject MetricRegistry registry;
  @Context ResourceInfo resource;

  private final Map<Method, String> templates = new ConcurrentHashMap<>();
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private record Key(String method, String path, int statusClass) {}

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(STARTED, System.nanoTime());
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(STARTED) instanceof Long started)) {
      return;
    }
    Method method = resource.getResourceMethod();
    String path =
        method == null ? "unmatched" : templates.computeIfAbsent(method, RequestMetrics::template);
    Key key = new Key(methodTag(request.getMethod()), path, response.getStatus() / 100);
    timers
        .computeIfAbsent(key, this::register)
        .update(Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * A tag from a fixed set: a method name is the client's to choose, and every new tag value is a
   * new timer kept forever.
   */
  static String methodTag(String method) {
    return KNOWN_METHODS.contains(method) ? method : "OTHER";
  }

  private Timer register(Key key) {
    return registry.timer(
        TIMER,
        new Tag("method", key.method()),
        new Tag("path", key.path()),
        new Tag("status", key.statusClass() + "xx"));
  }

  /**
   * The application path, the class's @Path and the method's, with any regular expressions left
   * out.
   */
  static String template(Method method) {
    StringBuilder template = new StringBuilder(ROOT);
    for (Path path :
        new Path[] {
          method.getDeclaringClass().getAnnotation(Path.class), method.getAnnotation(Path.class)
        }) {
      if (path != null) {
        String value =
            path.value()
                .replaceAll("\\{\\s*(\\w[\\w.-]*)\\s*:[^}]*}", "{$1}")
                .replaceAll("^/+|/+$", "");
        if (!value.isEmpty()) {
          template.append('/').append(value);
        }
      }
    }
    return template.toString();
  }
}
