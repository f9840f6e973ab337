package dev.vibegrapher.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a test once per database, each against the shared running app of that database. A database
 * that -Dit.databases leaves out is reported as skipped, never silently dropped.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("dev.vibegrapher.support.Flavor#all")
@ExtendWith(DatabaseLeftOut.class)
public @interface AcrossDatabases {}
