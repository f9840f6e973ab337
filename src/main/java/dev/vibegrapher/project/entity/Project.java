package dev.vibegrapher.project.entity;

import dev.vibegrapher.platform.entity.Ids;
import dev.vibegrapher.platform.entity.TimestampedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;

@Entity
@Table(name = "projects")
// The first page is read far more often than projects change; EclipseLink drops the cached result
// on any change to a Project.
@NamedQuery(
    name = Project.NEWEST_FIRST,
    query = "SELECT p FROM Project p ORDER BY p.createdAt DESC, p.id DESC",
    // Listed, never changed: built once, not copied into a persistence context.
    hints = @QueryHint(name = "eclipselink.read-only", value = "true"))
@NamedQuery(
    name = Project.NEWEST_FIRST_AFTER,
    query =
        "SELECT p FROM Project p WHERE p.createdAt < :at OR (p.createdAt = :at AND p.id < :id) ORDER BY p.createdAt DESC, p.id DESC")
@NamedQuery(
    name = Project.SLUGS_LIKE,
    query = "SELECT p.slug FROM Project p WHERE p.slug = :slug OR p.slug LIKE :prefix")
@NamedQuery(name = Project.BY_SLUG, query = "SELECT p FROM Project p WHERE p.slug = :slug")
@NamedQuery(name = Project.COUNT, query = "SELECT COUNT(p) FROM Project p")
public class Project extends TimestampedEntity {

  public static final String NEWEST_FIRST = "Project.newestFirst";
  public static final String NEWEST_FIRST_AFTER = "Project.newestFirstAfter";
  public static final String SLUGS_LIKE = "Project.slugsLike";
  public static final String COUNT = "Project.count";
  public static final String BY_SLUG = "Project.bySlug";

  @Id private String id;
  private String name;
  private String slug;
  private String filename;

  protected Project() {}

  public Project(String name, String slug, String filename) {
    this.id = Ids.next();
    this.name = name;
    this.slug = slug;
    this.filename = filename;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String slug() {
    return slug;
  }

  public String filename() {
    return filename;
  }
}
