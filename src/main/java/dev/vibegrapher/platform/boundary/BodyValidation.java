package dev.vibegrapher.platform.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.util.Set;

/**
 * Validates every request body as soon as it is read, against the Bean Validation constraints of
 * its record. It replaces @Valid on resource parameters, which breaks Payara's OpenAPI scanner
 * (payara/Payara#7649), and it refuses a missing body in the same place.
 */
@Provider
@ApplicationScoped
public class BodyValidation implements ReaderInterceptor {

  @Inject ValidatorFactory validators;
  private Validator validator;

  /**
   * Bodies are records, never JPA entities: the default traversable resolver asks JPA whether each
   * constrained property is loaded, through a synchronized lookup of the persistence providers that
   * request threads were measured queueing on.
   */
  @PostConstruct
  void init() {
    validator =
        validators.usingContext().traversableResolver(new EverythingReachable()).getValidator();
  }

  private static final class EverythingReachable implements TraversableResolver {
    @Override
    public boolean isReachable(
        Object bean, Path.Node property, Class<?> rootBean, Path pathToProperty, ElementType type) {
      return true;
    }

    @Override
    public boolean isCascadable(
        Object bean, Path.Node property, Class<?> rootBean, Path pathToProperty, ElementType type) {
      return true;
    }
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    Object body = context.proceed();
    if (body == null) {
      throw new BadRequestException("The request body is missing: send a JSON object.");
    }
    Set<ConstraintViolation<Object>> violations = validator.validate(body);
    if (!violations.isEmpty()) {
      throw new ConstraintViolationException(violations);
    }
    return body;
  }
}
