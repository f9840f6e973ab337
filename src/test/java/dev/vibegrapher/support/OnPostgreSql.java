package dev.vibegrapher.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test that only PostgreSQL can show; the test's comment says why H2 cannot. When -Dit.databases
 * leaves PostgreSQL out it is reported as skipped, with the reason.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0} only")
@MethodSource("dev.vibegrapher.support.Flavor#postgresqlOnly")
@ExtendWith(DatabaseLeftOut.class)
public @interface OnPostgreSql {}
