package dev.vibegrapher.platform.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each default is written once, in META-INF/microprofile-config.properties: an injection point
 * names a key the file has (or is an Optional, for a setting that has no default), a programmatic
 * lookup reads a key the file has, and docs/configuration.md gives the file's value. A mistake here
 * would otherwise show only when the server is deployed.
 */
class ConfigurationDefaultsTest {

  private static final Path SOURCES = Path.of("src", "main", "java");
  private static final Path CLASSES = Path.of("target", "classes");

  /** Injection points that still repeat their default, which must at least agree with the file. */

  /** Keys in the file that are no operator's setting. */
  private static final Set<String> UNDOCUMENTED = Set.of("mp.openapi.filter");

  private static final Pattern LOOKUP = Pattern.compile("\\.getValue\\(\\s*\"([^\"]+)\"");
  private static final Pattern DOC_ROW =
      Pattern.compile("^\\| `([^`]+)` \\| [^|\\n]* \\| ([^|\\n]*) \\|", Pattern.MULTILINE);
  private static final Pattern QUOTED = Pattern.compile("^`([^`]*)`");

  private static final Properties DEFAULTS = defaults();

  /** One {@code @ConfigProperty}: a field or a constructor or method parameter. */
  record InjectionPoint(String where, String key, String defaultValue, boolean optional) {

    @Override
    public String toString() {
      return where + " (" + key + ")";
    }
  }

  /** One row of docs/configuration.md's table of keys. */
  record DocumentedDefault(String key, String cell) {

    @Override
    public String toString() {
      return key;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("injectionPoints")
  void aDefaultIsWrittenOnlyInThePropertiesFile(InjectionPoint point) {
    boolean repeats = !point.defaultValue().equals(ConfigProperty.UNCONFIGURED_VALUE);
    assertFalse(
        repeats, point + " repeats its default: it belongs in microprofile-config.properties only");
    if (point.optional()) {
      assertFalse(
          DEFAULTS.containsKey(point.key()),
          point + " is optional, but microprofile-config.properties gives it a default");
    } else {
      assertTrue(
          DEFAULTS.containsKey(point.key()),
          point + " has no default in microprofile-config.properties: the deployment would fail");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programmaticLookups")
  void aKeyLookedUpByNameHasItsDefaultInThePropertiesFile(String key) {
    assertTrue(DEFAULTS.containsKey(key), key + " is read with getValue but has no default");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedDefaults")
  void theDocumentedDefaultIsThePropertiesFilesOne(DocumentedDefault row) {
    String value = DEFAULTS.getProperty(row.key());
    Matcher quoted = QUOTED.matcher(row.cell());
    if (value == null) {
      assertTrue(
          row.cell().startsWith("unset"),
          row.key() + " has no default, but docs/configuration.md gives " + row.cell());
    } else if (quoted.find()) {
      assertEquals(value, quoted.group(1), row.key() + " in docs/configuration.md");
    } else {
      // Words, not a value (the price list): only a default is said to exist.
      assertFalse(row.cell().startsWith("unset"), row.key() + " in docs/configuration.md");
    }
  }

  @Test
  void everySettingInThePropertiesFileIsDocumented() {
    List<String> documented = documentedDefaults().map(DocumentedDefault::key).toList();
    for (String key : DEFAULTS.stringPropertyNames()) {
      assertTrue(
          documented.contains(key) || UNDOCUMENTED.contains(key),
          key + " is not in docs/configuration.md");
    }
  }

  @Test
  void theScanFindsWhatItChecks() {
    assertTrue(
        injectionPoints()
            .anyMatch(point -> point.key().equals("vibegrapher.data-dir") && !point.optional()));
    assertTrue(
        injectionPoints()
            .anyMatch(point -> point.key().equals("openai.api-key") && point.optional()));
    assertTrue(programmaticLookups().anyMatch("vibegrapher.reset"::equals));
    assertTrue(documentedDefaults().anyMatch(row -> row.key().equals("vibegrapher.seed")));
  }

  static Stream<InjectionPoint> injectionPoints() {
    List<InjectionPoint> points = new ArrayList<>();
    for (Class<?> type : compiledClasses()) {
      for (Field field : type.getDeclaredFields()) {
        add(points, type.getName() + "." + field.getName(), field, field.getGenericType());
      }
      List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
      executables.addAll(List.of(type.getDeclaredMethods()));
      for (Executable executable : executables) {
        for (Parameter parameter : executable.getParameters()) {
          add(
              points,
              type.getName() + "#" + executable.getName() + "(" + parameter.getName() + ")",
              parameter,
              parameter.getParameterizedType());
        }
      }
    }
    return points.stream();
  }

  static Stream<String> programmaticLookups() {
    List<String> keys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher lookup = LOOKUP.matcher(Files.readString(file));
        while (lookup.find()) {
          keys.add(lookup.group(1));
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return keys.stream();
  }

  static Stream<DocumentedDefault> documentedDefaults() {
    String configuration;
    try {
      configuration = Files.readString(Path.of("docs", "configuration.md"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    List<DocumentedDefault> rows = new ArrayList<>();
    Matcher row = DOC_ROW.matcher(configuration);
    while (row.find()) {
      // A pattern of keys (Fault Tolerance's) is no one key with a default.
      if (!row.group(1).contains("<")) {
        rows.add(new DocumentedDefault(row.group(1), row.group(2).strip()));
      }
    }
    return rows.stream();
  }

  private static void add(
      List<InjectionPoint> points, String where, AnnotatedElement element, Type type) {
    ConfigProperty property = element.getAnnotation(ConfigProperty.class);
    if (property != null) {
      points.add(
          new InjectionPoint(where, property.name(), property.defaultValue(), isOptional(type)));
    }
  }

  private static boolean isOptional(Type type) {
    Type raw = type instanceof ParameterizedType generic ? generic.getRawType() : type;
    return raw == Optional.class
        || raw == OptionalInt.class
        || raw == OptionalLong.class
        || raw == OptionalDouble.class;
  }

  private static List<Class<?>> compiledClasses() {
    try (Stream<Path> files = Files.walk(CLASSES)) {
      List<Class<?>> classes = new ArrayList<>();
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".class"))
              .filter(f -> !f.getFileName().toString().equals("package-info.class"))
              .toList()) {
        String name = CLASSES.relativize(file).toString().replace('/', '.');
        classes.add(
            Class.forName(
                name.substring(0, name.length() - ".class".length()),
                false,
                ConfigurationDefaultsTest.class.getClassLoader()));
      }
      assertFalse(classes.isEmpty(), "no compiled classes under " + CLASSES);
      return classes;
    } catch (IOException | ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private static Properties defaults() {
    Properties defaults = new Properties();
    try (InputStream file =
        ConfigurationDefaultsTest.class.getResourceAsStream(
            "/META-INF/microprofile-config.properties")) {
      defaults.load(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return defaults;
  }
}
