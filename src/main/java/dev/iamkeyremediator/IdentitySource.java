package dev.iamkeyremediator;

/** Tells the run who it is. */
@FunctionalInterface
public interface IdentitySource {
    CallerIdentity identify();
}
