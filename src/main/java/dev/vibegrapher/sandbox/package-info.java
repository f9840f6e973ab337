/**
 * The one door to bubblewrap: every process that runs code a user or an LLM wrote (the projects'
 * test cases, the Python syntax check) starts here, in new namespaces with a read-only minimal
 * root, no network, no environment of the server and resource limits; where that cannot be set up,
 * nothing runs (unless the operator opted out) and readiness says why.
 */
package dev.vibegrapher.sandbox;
