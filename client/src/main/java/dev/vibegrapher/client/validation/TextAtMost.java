package dev.vibegrapher.client.validation;

import jakarta.validation.Constraint;
import jakarta.validation.OverridesAttribute;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Optional text of at most {@code max} characters: everything a client writes is stored, so
 * everything has a size.
 */
@Size
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TextAtMost {

  @OverridesAttribute(constraint = Size.class, name = "max")
  int max();

  String message() default "must be at most {max} characters";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
