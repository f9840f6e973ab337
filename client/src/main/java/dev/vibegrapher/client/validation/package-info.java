/**
 * Constraints for request records. They target fields and accessors only, never the canonical
 * constructor's parameters: Payara's OpenAPI scanner fails on Bean Validation annotations of
 * non-JAX-RS parameters (payara/Payara#7649), and record components pass their annotations to every
 * target the annotation allows.
 */
package dev.vibegrapher.client.validation;
