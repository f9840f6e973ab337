package floor;

import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;

/** Flyway at start-up; ready once it has run and the first query answered. */
@DataSourceDefinition(name = "java:app/jdbc/floor", className = "org.h2.jdbcx.JdbcDataSource",
    url = "jdbc:h2:./data/floor", user = "sa", password = "", transactional = true)
@ApplicationScoped
@Readiness
public class Migrations implements HealthCheck {
  @Resource(lookup = "java:app/jdbc/floor") DataSource dataSource;
  @jakarta.inject.Inject Notes notes;
  private volatile boolean ready;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    Flyway.configure().dataSource(dataSource).load().migrate();
    if (notes.newestFirst().isEmpty()) notes.add("first");
    ready = true;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("migrations").status(ready).build();
  }
}
