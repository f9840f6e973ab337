package dev.vibegrapher.platform.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.util.Set;

/**
 * Validates every request body as soon as it is read, against the Bean Validation constraints of
 * its record. It replaces @Valid on resource parameters, which breaks Payara's OpenAPI scanner
 * (payara/Payara#7649), and it refuses a missing body in the same place.
 */
@Provider
@ApplicationScoped
public class BodyValidation implements ReaderInterceptor {

  @Inject Validator validator;

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
