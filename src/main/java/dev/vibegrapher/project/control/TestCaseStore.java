package dev.vibegrapher.project.control;

import dev.vibegrapher.project.entity.TestCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.List;

@ApplicationScoped
@Transactional
public class TestCaseStore {

  @PersistenceContext EntityManager em;

  public List<TestCase> ofProject(String projectId) {
    return em.createNamedQuery(TestCase.OF_PROJECT, TestCase.class).setParameter("projectId", projectId).getResultList();
  }

  public TestCase find(String id) {
    TestCase testCase = em.find(TestCase.class, id);
    if (testCase == null) {
      throw new NotFoundException("No test case with id " + id + ".");
    }
    return testCase;
  }

  public TestCase insert(TestCase testCase) {
    em.persist(testCase);
    return testCase;
  }

  public TestCase change(String id, String name, String code, boolean quickTest) {
    TestCase testCase = find(id);
    testCase.change(name, code, quickTest);
    em.flush();
    return testCase;
  }

  public void delete(String id) {
    em.remove(find(id));
  }
}
