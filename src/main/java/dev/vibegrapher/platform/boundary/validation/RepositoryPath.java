package dev.vibegrapher.platform.boundary.validation;

import dev.vibegrapher.git.control.PathRules;
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
@Pattern(regexp = PathRules.SAFE_PATH_REGEX)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RepositoryPath {

  String message() default
      "must be a relative path of at most 255 letters, digits, '.', '_', '-' and spaces";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
