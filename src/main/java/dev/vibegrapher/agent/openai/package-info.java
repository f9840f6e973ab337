/**
 * Everything that touches the OpenAI SDK. In the WAR these classes sit in WEB-INF/classes with the
 * SDK in WEB-INF/lib. For the uber jar the build also packs this package as its own jar on the
 * server's class path (target/server-lib), beside the SDK, and leaves both out of the uber jar's
 * copy of the WAR: deployment parses every class in the archive, and its class-model parser follows
 * every type named in a scanned class's fields and signatures, so from one SDK type it walks
 * ~16,000 of them (4.7 GB allocated, 10+ s at boot). The public types here name only JDK types in
 * their signatures, so the WAR's classes can use them without pulling the SDK into the scan.
 * Nothing here may use classes of the WAR (they are invisible to the server's class loader).
 */
package dev.vibegrapher.agent.openai;
