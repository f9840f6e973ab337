/**
 * Identity and access: who is calling, and what their role lets them do. Callers prove who they
 * are with a JWT from the organisation's OpenID Connect provider (checked against the provider's
 * published keys), and the role comes from the token's groups.
 */
package dev.vibegrapher.identity;
