package dev.vibegrapher.project.entity;

import dev.vibegrapher.platform.entity.Ids;
import dev.vibegrapher.platform.entity.TimestampedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** Python code run against a project's main file; quick tests get a short timeout. */
@Entity
@Table(name = "test_cases")
@NamedQuery(
    name = TestCase.OF_PROJECT,
    query = "SELECT t FROM TestCase t WHERE t.projectId = :projectId ORDER BY t.createdAt, t.id")
@NamedQuery(
    name = TestCase.COUNT_OF_PROJECT,
    query = "SELECT COUNT(t) FROM TestCase t WHERE t.projectId = :projectId")
@NamedQuery(
    name = TestCase.DELETE_OF_PROJECT,
    query = "DELETE FROM TestCase t WHERE t.projectId = :projectId")
public class TestCase extends TimestampedEntity {

  public static final String OF_PROJECT = "TestCase.ofProject";
  public static final String COUNT_OF_PROJECT = "TestCase.countOfProject";
  public static final String DELETE_OF_PROJECT = "TestCase.deleteOfProject";

  @Id private String id;

  @Column(name = "project_id")
  private String projectId;

  private String name;
  private String code;

  @Column(name = "quick_test")
  private boolean quickTest;

  protected TestCase() {}

  public TestCase(String projectId, String name, String code, boolean quickTest) {
    this.id = Ids.next();
    this.projectId = projectId;
    change(name, code, quickTest);
  }

  public final void change(String newName, String newCode, boolean newQuickTest) {
    this.name = newName;
    this.code = newCode;
    this.quickTest = newQuickTest;
  }

  public String id() {
    return id;
  }

  public String projectId() {
    return projectId;
  }

  public String name() {
    return name;
  }

  public String code() {
    return code;
  }

  public boolean quickTest() {
    return quickTest;
  }
}
