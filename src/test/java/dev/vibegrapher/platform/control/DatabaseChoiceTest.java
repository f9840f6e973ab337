package dev.vibegrapher.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * persistence.xml and {@link DatabaseChoice} must name the same choice: JPA reads the descriptor
 * (Payara substitutes its variable at deployment), the migrations and the readiness check the
 * class. Whether Payara really substitutes it is shown by PayaraServerDeploymentIT.
 */
class DatabaseChoiceTest {

  @Test
  void persistenceXmlNamesTheSameSettingAndDefault() throws Exception {
    Document descriptor;
    try (InputStream xml = getClass().getResourceAsStream("/META-INF/persistence.xml")) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      descriptor = factory.newDocumentBuilder().parse(xml);
    }
    assertEquals(
        "${MPCONFIG=" + DatabaseChoice.KEY + ":" + DatabaseChoice.OWN + "}",
        descriptor.getElementsByTagNameNS("*", "jta-data-source").item(0).getTextContent().strip());
    assertEquals(DatabaseChoice.OWN, DatabaseMigrations.DATA_SOURCE);
  }
}
