package dev.vibegrapher.client.validation;

import jakarta.validation.Constraint;
import jakarta.validation.OverridesAttribute;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Text that must be present, not blank, and at most {@code max} characters. */
@NotBlank
@Size
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiredText {

  @OverridesAttribute(constraint = Size.class, name = "max")
  int max();

  String message() default "must be non-blank text";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
