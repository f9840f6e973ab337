/**
 * Everything that touches the OpenAI SDK. This package is packaged as its own jar on the server's
 * class path (target/server-lib), not in the WAR: deployment's class-model parser follows every type
 * named in a scanned class's fields and signatures, and from one SDK type it walks ~16,000 of them
 * (4.7 GB allocated, 10+ s at boot). The public types here name only JDK types in their signatures,
 * so the WAR's classes can use them without pulling the SDK into the scan. Nothing here may use
 * classes of the WAR (they are invisible to this class loader).
 */
package dev.vibegrapher.agent.openai;
