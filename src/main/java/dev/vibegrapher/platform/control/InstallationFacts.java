package dev.vibegrapher.platform.control;

import dev.vibegrapher.platform.entity.InstallationFact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Reads run without a transaction; writes each in their own. */
@ApplicationScoped
public class InstallationFacts {

  @PersistenceContext EntityManager em;

  public boolean isRecorded(String name) {
    return em.find(InstallationFact.class, name) != null;
  }

  @Transactional
  public void record(String name) {
    em.persist(new InstallationFact(name));
  }
}
