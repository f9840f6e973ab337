package dev.vibegrapher.patch.control;

import com.sun.source.util.JavacTask;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Java is checked by the JDK's own parser: parse only, so missing imports or types are not errors.
 */
final class JavaSyntax {

  private JavaSyntax() {}

  static Optional<String> check(String fileName, String code) throws PatchRejected {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new PatchRejected(
          "Java code cannot be syntax-checked: the server runs on a Java runtime without the compiler (a JDK is needed).");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject source =
        new SimpleJavaFileObject(URI.create("string:///" + fileName), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
          }
        };
    JavacTask task =
        (JavacTask)
            compiler.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(source));
    try {
      task.parse();
    } catch (java.io.IOException unreadable) {
      throw new PatchRejected(
          "Java code could not be read for the syntax check: " + unreadable.getMessage());
    }
    return diagnostics.getDiagnostics().stream()
        .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
        .findFirst()
        .map(
            error ->
                "Java syntax error: "
                    + error.getMessage(Locale.ROOT)
                    + " (line "
                    + error.getLineNumber()
                    + ")");
  }
}
