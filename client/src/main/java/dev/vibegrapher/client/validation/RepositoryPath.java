package dev.vibegrapher.client.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A file path that stays inside a repository (null is allowed: it means the default). */
@Size(max = 255)
@Pattern(regexp = RepositoryPath.REGEX)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RepositoryPath {

  /**
   * Relative paths of plain names. The git feature holds every path to the same expression
   * (git.control.PathRules), and refuses ".", ".." and ".git" segments besides.
   */
  String REGEX = "[A-Za-z0-9_][A-Za-z0-9._ -]*(/[A-Za-z0-9_][A-Za-z0-9._ -]*)*";

  String message() default
      "must be a relative path of at most 255 letters, digits, '.', '_', '-' and spaces";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
