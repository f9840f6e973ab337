package dev.vibegrapher.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A component test: runs inside a Payara Micro of its own, with the application's beans, its
 * transactions and the database of its Maven execution (H2 or PostgreSQL, {@link ComponentServer}).
 * The class names its deployment with {@link ComponentDeployment#of(Class)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({ComponentServer.class, ArquillianExtension.class})
public @interface ComponentTest {}
