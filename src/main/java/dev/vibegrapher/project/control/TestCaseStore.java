package dev.vibegrapher.project.control;

import dev.vibegrapher.audit.control.AuditLog;
import dev.vibegrapher.audit.entity.AuditAction;
import dev.vibegrapher.identity.entity.Caller;
import dev.vibegrapher.platform.boundary.ProblemException;
import dev.vibegrapher.project.entity.TestCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads run without a transaction; writes each in their own. */
@ApplicationScoped
public class TestCaseStore {

  @PersistenceContext EntityManager em;
  @Inject AuditLog audit;

  @Inject
  @ConfigProperty(name = "vibegrapher.tests.max-per-project")
  int maxPerProject;

  public List<TestCase> ofProject(String projectId) {
    return em.createNamedQuery(TestCase.OF_PROJECT, TestCase.class)
        .setParameter("projectId", projectId)
        .getResultList();
  }

  public TestCase find(String id) {
    TestCase testCase = em.find(TestCase.class, id);
    if (testCase == null) {
      throw new NotFoundException("No test case with id " + id + ".");
    }
    return testCase;
  }

  /**
   * Adds a test case unless the project has {@code vibegrapher.tests.max-per-project} already (409
   * too-many-tests): every run of a diff's tests starts them all. Callers hold the project's lock,
   * so two additions cannot both pass the count.
   */
  @Transactional
  public TestCase insert(TestCase testCase) {
    long existing =
        em.createNamedQuery(TestCase.COUNT_OF_PROJECT, Long.class)
            .setParameter("projectId", testCase.projectId())
            .getSingleResult();
    if (existing >= maxPerProject) {
      throw new ProblemException(
          Response.Status.CONFLICT,
          "too-many-tests",
          "A project has at most "
              + maxPerProject
              + " test cases: delete one before adding another.",
          Map.of("max_test_cases", maxPerProject));
    }
    em.persist(testCase);
    return testCase;
  }

  @Transactional
  public TestCase insert(TestCase testCase, Caller author) {
    insert(testCase);
    audit.record(
        author,
        AuditAction.TEST_CASE_SAVED,
        testCase.projectId(),
        testCase.id(),
        "Added test case " + testCase.name());
    return testCase;
  }

  @Transactional
  public TestCase change(String id, String name, String code, boolean quickTest, Caller author) {
    TestCase testCase = find(id);
    testCase.change(name, code, quickTest);
    em.flush();
    audit.record(
        author,
        AuditAction.TEST_CASE_SAVED,
        testCase.projectId(),
        id,
        "Replaced test case " + name);
    return testCase;
  }

  @Transactional
  public void delete(String id, Caller deleter) {
    TestCase testCase = find(id);
    em.remove(testCase);
    audit.record(
        deleter,
        AuditAction.TEST_CASE_DELETED,
        testCase.projectId(),
        id,
        "Deleted test case " + testCase.name());
  }
}
