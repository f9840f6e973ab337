/**
 * Identity and access: who is calling, and what their role lets them do. Callers prove who they are
 * with a JWT from the organisation's OpenID Connect provider (checked against the provider's
 * published keys), with our personal access tokens, or with the operator's admin token; the role
 * comes from the token's groups or the token itself. The dashboard learns here, before any login,
 * how it may log in (GET /api/login-options).
 */
package dev.vibegrapher.identity;
