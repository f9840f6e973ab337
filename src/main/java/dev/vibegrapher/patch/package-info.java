/**
 * Patches: a unified diff proposed by the coder is applied to the current code and syntax-checked;
 * what fails goes back to the coder verbatim.
 */
package dev.vibegrapher.patch;
