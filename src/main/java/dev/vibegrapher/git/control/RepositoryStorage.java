package dev.vibegrapher.git.control;

import dev.vibegrapher.platform.control.ApplicationDataSource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The repositories in the application's database, through its data source. */
@Singleton
public class RepositoryStorage {

  @Inject ApplicationDataSource dataSource;

  // A singleton, not application-scoped: the storage is a final class, which Weld cannot proxy.
  @Produces
  @Singleton
  DatabaseRepositories repositories() {
    return new DatabaseRepositories(dataSource.besideEntities());
  }
}
