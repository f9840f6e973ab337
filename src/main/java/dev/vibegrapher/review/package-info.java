/**
 * Human review: diffs the evaluator approved, waiting for a person to approve, reject or commit.
 */
package dev.vibegrapher.review;
