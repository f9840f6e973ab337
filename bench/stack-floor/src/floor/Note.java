package floor;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import java.time.LocalDateTime;

/** The stack floor (bench/floors.sh): one entity, mapped by JPA, its table made by Flyway. */
@Entity
@NamedQuery(name = "Note.newestFirst", query = "SELECT n FROM Note n ORDER BY n.createdAt DESC")
public class Note {
  @Id public String id;
  public String text;
  public LocalDateTime createdAt;
}
